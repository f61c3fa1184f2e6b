namespace Mlops.Storage.Conformance.Artifacts;

public abstract partial class ArtifactStoreConformanceTests
{
    [Fact]
    public async Task OpenReadAsync_of_corrupted_bytes_throws_integrity_exception_when_read_to_the_end()
    {
        var store = await CreateStoreAsync(Ct);
        var content = PseudoRandomStream.Generate(40, 20_000);
        var descriptor = await store.PutAsync(new MemoryStream(content), Ct);
        await CorruptAsync(store, descriptor.Digest, Ct);

        var act = () => ReadAllAsync(store, descriptor.Digest, Ct);

        var error = (await act.Should().ThrowAsync<MlopsArtifactIntegrityException>()).Which;
        error.ExpectedDigest.Should().Be(descriptor.Digest);
        error.ActualDigest.Should().NotBe(descriptor.Digest).And.HaveLength(64);
        error.Message.Should().Contain(descriptor.Digest);
    }

    [Fact]
    public async Task OpenReadAsync_of_corrupted_bytes_throws_integrity_exception_with_synchronous_reads()
    {
        var store = await CreateStoreAsync(Ct);
        var descriptor = await store.PutAsync(new MemoryStream(PseudoRandomStream.Generate(41, 20_000)), Ct);
        await CorruptAsync(store, descriptor.Digest, Ct);

        var stream = await store.OpenReadAsync(descriptor.Digest, Ct);
        await using (stream)
        {
            var act = () => stream.CopyTo(Stream.Null);

            act.Should().Throw<MlopsArtifactIntegrityException>().Which.ExpectedDigest.Should().Be(descriptor.Digest);
        }
    }

    [Fact]
    public async Task OpenReadAsync_of_corrupted_empty_content_throws_integrity_exception()
    {
        var store = await CreateStoreAsync(Ct);
        await store.PutAsync(new MemoryStream(), Ct);
        await CorruptAsync(store, EmptyDigest, Ct);

        var act = () => ReadAllAsync(store, EmptyDigest, Ct);

        await act.Should().ThrowAsync<MlopsArtifactIntegrityException>();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    [InlineData("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("../../etc/passwd")]
    [InlineData("../../../../../../../../../../../../../../../../../../etc/passwd")]
    [InlineData("e3/../../../../../../../../../../../../../../../../../../../../ab")]
    [InlineData("..\\..\\..\\..\\..\\..\\..\\..\\..\\..\\..\\..\\..\\..\\..\\windows")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b78")]
    [InlineData(" 3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public async Task Invalid_digests_are_refused_with_a_validation_exception(string? digest)
    {
        var store = await CreateStoreAsync(Ct);

        var open = () => store.OpenReadAsync(digest!, Ct);
        var get = () => store.GetAsync(digest!, Ct);

        (await open.Should().ThrowAsync<MlopsValidationException>()).Which.Field.Should().Be("artifact digest");
        (await get.Should().ThrowAsync<MlopsValidationException>()).Which.Value.Should().Be(digest);
    }
}
