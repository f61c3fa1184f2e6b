using Mlops.Artifacts;

namespace Mlops.Storage.Conformance.Artifacts;

public abstract partial class ArtifactStoreConformanceTests
{
    private const int Writers = 16;

    [Fact]
    public async Task PutAsync_from_16_concurrent_writers_of_the_same_bytes_all_succeed_with_one_copy()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(30, 1024 * 1024);
        var expected = new ArtifactDescriptor(Sha256Hex(content), content.Length);

        var puts = Enumerable.Range(0, Writers)
            .Select(_ => Task.Run(() => store.PutAsync(new ForwardOnlyStream(content), Ct), Ct))
            .ToArray();
        var descriptors = await Task.WhenAll(puts);

        descriptors.Should().AllBeEquivalentTo(expected);
        await ShouldHoldObjectsAsync(store, 1);
        ShouldBeSameBytes(await ReadAllAsync(store, expected.Digest, Ct), content);
    }

    [Fact]
    public async Task PutAsync_from_16_concurrent_writers_of_different_bytes_stores_each()
    {
        var store = await CreateStoreAsync(Ct);
        var contents = Enumerable.Range(0, Writers)
            .Select(i => PseudoRandomStream.Generate(100 + (ulong)i, 256 * 1024 + i))
            .ToArray();

        var puts = contents
            .Select(content => Task.Run(() => store.PutAsync(new ForwardOnlyStream(content), Ct), Ct))
            .ToArray();
        var descriptors = await Task.WhenAll(puts);

        descriptors.Select(d => d.Digest).Should().OnlyHaveUniqueItems();
        await ShouldHoldObjectsAsync(store, Writers);
        for (var i = 0; i < Writers; i++)
        {
            descriptors[i].Should().Be(new ArtifactDescriptor(Sha256Hex(contents[i]), contents[i].Length));
            ShouldBeSameBytes(await ReadAllAsync(store, descriptors[i].Digest, Ct), contents[i]);
        }
    }
}
