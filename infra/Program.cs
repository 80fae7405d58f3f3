using Platform.Infra;
using Pulumi;

// The body is PlatformStack.Run, so that the tests run the very same program under mocks.
return await Deployment.RunAsync(PlatformStack.Run);
