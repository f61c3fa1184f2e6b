using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace Mlops.Artifacts.S3.Tests.TestSupport;

/// <summary>Creates uniquely named buckets for one test and empties and deletes them when the test ends.</summary>
internal sealed class S3TestBuckets : IAsyncDisposable
{
    private readonly List<string> _buckets = [];

    private S3TestBuckets(string endpoint, AmazonS3Client client)
    {
        Endpoint = endpoint;
        Client = client;
    }

    public string Endpoint { get; }

    public AmazonS3Client Client { get; }

    /// <summary>Connects to the test server, or skips (fails under CI) when there is none.</summary>
    public static async Task<S3TestBuckets> ConnectAsync()
    {
        var endpoint = await S3TestServer.RequireAsync();
        return new S3TestBuckets(endpoint, S3TestServer.CreateClient(endpoint));
    }

    public async Task<string> CreateBucketAsync(CancellationToken cancellationToken)
    {
        var name = "mlops-test-" + Guid.NewGuid().ToString("N")[..20];
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name }, cancellationToken);
        _buckets.Add(name);
        return name;
    }

    /// <summary>A store over a fresh bucket that shares this helper's client (the store does not dispose it).</summary>
    public async Task<S3ArtifactStore> CreateStoreAsync(
        CancellationToken cancellationToken, string prefix = "", int partSize = 8 * 1024 * 1024, ILogger? logger = null) =>
        new(Client, ownsClient: false, await CreateBucketAsync(cancellationToken), prefix, partSize, logger);

    public async Task<List<S3Object>> ListObjectsAsync(string bucket, CancellationToken cancellationToken, string? prefix = null)
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await Client.ListObjectsV2Async(request, cancellationToken);
            objects.AddRange(response.S3Objects ?? []);
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);

        return objects;
    }

    public async Task<List<MultipartUpload>> ListUploadsAsync(string bucket, CancellationToken cancellationToken)
    {
        var response = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket }, cancellationToken);
        return response.MultipartUploads ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var bucket in _buckets)
            {
                // The server is shared by the whole run: free what a test stored (moto keeps objects in memory).
                foreach (var upload in await ListUploadsAsync(bucket, CancellationToken.None))
                {
                    await Client.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId, CancellationToken.None);
                }

                foreach (var item in await ListObjectsAsync(bucket, CancellationToken.None))
                {
                    await Client.DeleteObjectAsync(bucket, item.Key, CancellationToken.None);
                }

                await Client.DeleteBucketAsync(bucket, CancellationToken.None);
            }
        }
        finally
        {
            Client.Dispose();
        }
    }
}
