using Xunit;
using SemanticJpeg.Saliency;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Saliency;

[Collection(SaliencyCollection.Name)]
public sealed class SaliencyModelCacheTests(SaliencyModelFixture fixture)
{
    [Fact]
    public void SameModelGivesSameInstance()
    {
        var byName = SaliencyModel.Get("resnet18");
        Assert.Same(fixture.Model, byName);
        Assert.Same(byName, SaliencyModel.Get(null));
        Assert.Same(byName, SaliencyModel.Get(fixture.ModelPath));
        Assert.True(byName.IsShared);
        byName.Dispose(); // shared instances ignore Dispose
        Assert.Equal(64, byName.Compute(SampleImages.Synthetic(64, 64)).Width);
    }

    [Fact]
    public void ParallelCallersShareOneSession()
    {
        var photos = new[] { "chelsea.png", "coffee.png", "rocket.jpg", "chelsea.png" }.Select(SampleImages.Load).ToArray();
        var sequential = photos.Select(p => fixture.Model.Compute(p, SaliencyOptions.Default with { Scales = [224] })).ToArray();
        var models = new SaliencyModel[photos.Length];
        var parallel = new SaliencyMap[photos.Length];
        Parallel.For(0, photos.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            models[i] = SaliencyModel.Get("resnet18");
            parallel[i] = models[i].Compute(photos[i], SaliencyOptions.Default with { Scales = [224] });
        });
        Assert.All(models, m => Assert.Same(fixture.Model, m));
        for (int i = 0; i < photos.Length; i++) Assert.Equal(sequential[i].Values, parallel[i].Values);
    }
}
