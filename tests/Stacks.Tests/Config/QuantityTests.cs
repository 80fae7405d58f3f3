using Platform.Stacks.Cluster;

namespace Platform.Stacks.Tests.Config;

public class QuantityTests
{
    [Theory]
    [InlineData("250m", 0.25)]
    [InlineData("2", 2)]
    [InlineData("1.5", 1.5)]
    [InlineData("512Mi", 512d * 1024 * 1024)]
    [InlineData("8Gi", 8d * 1024 * 1024 * 1024)]
    [InlineData("1G", 1e9)]
    public void Parses_kubernetes_quantities(string text, double expected) => Assert.Equal(expected, Quantity.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("5Xi")]
    [InlineData("-1")]
    public void Rejects_what_is_not_a_quantity(string text) => Assert.Null(Quantity.Parse(text));
}
