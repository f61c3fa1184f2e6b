using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mlops.Artifacts.S3.Tests.TestSupport;

namespace Mlops.Artifacts.S3.Tests;

public sealed class S3ArtifactsMlopsBuilderExtensionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UseS3Artifacts_with_a_service_url_stores_and_reads_through_the_resolved_store()
    {
        await using var buckets = await S3TestBuckets.ConnectAsync();
        var bucket = await buckets.CreateBucketAsync(Ct);
        var services = new ServiceCollection();
        services.AddMlops(m => m.UseFileSystemArtifacts("unused").UseS3Artifacts(o =>
        {
            o.BucketName = bucket;
            o.Prefix = "di/";
            o.ServiceUrl = buckets.Endpoint;
            o.ForcePathStyle = true;
            o.AccessKey = S3TestServer.AccessKey;
            o.SecretKey = S3TestServer.SecretKey;
        }));
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IArtifactStore>();

        var descriptor = await store.PutAsync(new MemoryStream("hello"u8.ToArray()), Ct);
        var stream = await store.OpenReadAsync(descriptor.Digest, Ct);
        string text;
        await using (stream)
        {
            using var reader = new StreamReader(stream);
            text = await reader.ReadToEndAsync(Ct);
        }

        store.Should().BeOfType<S3ArtifactStore>();
        text.Should().Be("hello");
        (await buckets.ListObjectsAsync(bucket, Ct)).Select(o => o.Key).Should().Equal("di/sha256/2c/" + descriptor.Digest[2..]);
    }

    public static TheoryData<string, Action<S3ArtifactStoreOptions>> InvalidOptions => new()
    {
        { nameof(S3ArtifactStoreOptions.BucketName), o => o.BucketName = "" },
        { nameof(S3ArtifactStoreOptions.BucketName), o => o.BucketName = "Upper_Case" },
        { nameof(S3ArtifactStoreOptions.Prefix), o => o.Prefix = "no-trailing-slash" },
        { nameof(S3ArtifactStoreOptions.Prefix), o => o.Prefix = "/leading/" },
        { nameof(S3ArtifactStoreOptions.ServiceUrl), o => o.ServiceUrl = "127.0.0.1:9000" },
        { nameof(S3ArtifactStoreOptions.ServiceUrl), o => o.ServiceUrl = "ftp://127.0.0.1/" },
        { nameof(S3ArtifactStoreOptions.AccessKey), o => o.AccessKey = "only-the-key" },
        { nameof(S3ArtifactStoreOptions.SecretKey), o => o.SecretKey = "only-the-secret" },
        { nameof(S3ArtifactStoreOptions.PartSize), o => o.PartSize = 1024 * 1024 },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task Invalid_options_fail_the_host_at_start_naming_the_option(string option, Action<S3ArtifactStoreOptions> breakIt)
    {
        using var host = BuildHost(m => m.UseS3Artifacts(o =>
        {
            o.BucketName = "mlops-artifacts";
            breakIt(o);
        }));

        var thrown = await host.Awaiting(h => h.StartAsync(Ct)).Should().ThrowAsync<OptionsValidationException>();

        thrown.Which.Message.Should().Contain(option);
    }

    [Fact]
    public void UseS3Artifacts_with_a_bucket_name_uses_the_defaults()
    {
        var services = new ServiceCollection();
        services.AddMlops(m => m.UseS3Artifacts("mlops-artifacts"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<S3ArtifactStoreOptions>>().Value;

        options.BucketName.Should().Be("mlops-artifacts");
        options.Prefix.Should().BeEmpty();
        options.ServiceUrl.Should().BeNull();
        options.ForcePathStyle.Should().BeFalse();
        options.PartSize.Should().Be(8 * 1024 * 1024);
    }

    [Fact]
    public void The_client_targets_the_service_url_signs_for_the_region_and_uses_path_style()
    {
        using var client = S3ClientFactory.Create(new S3ArtifactStoreOptions
        {
            BucketName = "mlops-artifacts",
            ServiceUrl = "http://127.0.0.1:9000",
            Region = "eu-west-1",
            ForcePathStyle = true,
            AccessKey = "key",
            SecretKey = "secret",
        });

        var config = (AmazonS3Config)client.Config;
        config.ServiceURL.Should().StartWith("http://127.0.0.1:9000");
        config.AuthenticationRegion.Should().Be("eu-west-1");
        config.ForcePathStyle.Should().BeTrue();
    }

    [Fact]
    public void The_client_for_Amazon_S3_takes_its_endpoint_from_the_region()
    {
        using var client = S3ClientFactory.Create(new S3ArtifactStoreOptions
        {
            BucketName = "mlops-artifacts",
            Region = "eu-central-1",
            AccessKey = "key",
            SecretKey = "secret",
        });

        var config = (AmazonS3Config)client.Config;
        config.ServiceURL.Should().BeNull();
        config.RegionEndpoint.Should().Be(Amazon.RegionEndpoint.EUCentral1);
    }

    private static IHost BuildHost(Action<MlopsBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddMlops(configure);
        return builder.Build();
    }
}
