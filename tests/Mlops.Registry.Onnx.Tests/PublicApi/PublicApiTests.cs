using Mlops.Tests.Shared;

namespace Mlops.Registry.Onnx.Tests.PublicApi;

public sealed class PublicApiTests
{
    [Fact]
    public void The_public_api_is_approved() => PublicApiApproval.Verify(typeof(OnnxModelFlavor).Assembly);
}
