using Xunit;
using Xunit.Abstractions;
using ImageMagick;
using SemanticJpeg.Imaging;
using SemanticJpeg.Saliency.Detection;
using SemanticJpeg.Tests.TestSupport;

namespace SemanticJpeg.Tests.Detection;

/// <summary>
/// The whole face detector and person segmenter on photos: faces found where they were labelled by
/// hand, no face on photos without people, the person mask on the person.
/// </summary>
[Collection(DetectorCollection.Name)]
public sealed class FaceDetectorTests(ITestOutputHelper output)
{
    /// <summary>Face boxes labelled by hand (x, y, width, height in pixels): hairline or brow to chin, ear to ear or cheek.</summary>
    public static readonly TheoryData<string, int, int, int, int> LabelledFaces = new()
    {
        { "examples/images/astronaut.png", 180, 65, 90, 105 },
        { "tests/SemanticJpeg.Tests/Detection/Photos/hopper.png", 165, 140, 180, 190 },
        { "tests/SemanticJpeg.Tests/Detection/Photos/camera.png", 175, 95, 80, 100 },  // profile, greyscale
    };

    internal static PixelImage Load(string relative)
    {
        using var image = new MagickImage(Path.Combine(TestPaths.RepoRoot, relative));
        return MagickPixelConverter.ToPixelImage(image);
    }

    [Theory]
    [MemberData(nameof(LabelledFaces))]
    public void FindsTheLabelledFace(string photo, int x, int y, int w, int h)
    {
        var image = Load(photo);
        var faces = FaceDetector.Detect(image);
        output.WriteLine($"{photo}: {string.Join("; ", faces)}");
        var face = Assert.Single(faces);
        var label = new FaceDetection(x, y, w, h, 1);
        Assert.True(face.Iou(label) >= 0.5, $"IoU {face.Iou(label):F2} with the labelled box");
        Assert.InRange(face.CenterX, x, x + w);
        Assert.InRange(face.CenterY, y, y + h);
        Assert.InRange(face.Score, FaceDetector.DefaultMinScore, 1f);
    }

    [Theory]
    [InlineData("examples/images/chelsea.png")]      // a cat's face: 0.79 in the first pass, not a person
    [InlineData("examples/images/coffee.png")]
    [InlineData("examples/images/motorcycle_left.png")]
    [InlineData("examples/images/rocket.jpg")]
    public void FindsNoFaceWithoutPeople(string photo)
    {
        var faces = FaceDetector.Detect(Load(photo));
        Assert.True(faces.Count == 0, $"{photo}: false faces {string.Join("; ", faces)}");
    }

    [Fact]
    public void FindsTheSameFaceInALandscapeCrop()
    {
        // The letterbox must map boxes back through its offset: the astronaut's face in a wide crop.
        var image = Load("examples/images/astronaut.png");
        var wide = new PixelImage(512, 300, 3);
        Array.Copy(image.Pixels, 0, wide.Pixels, 0, wide.Pixels.Length); // rows 0..299
        var face = Assert.Single(FaceDetector.Detect(wide));
        Assert.True(face.Iou(new FaceDetection(180, 65, 90, 105, 1)) >= 0.5, face.ToString());
    }

    [Fact]
    public void PersonMaskCoversThePersonNotTheBackground()
    {
        var image = Load("tests/SemanticJpeg.Tests/Detection/Photos/hopper.png");
        var mask = PersonSegmenter.Segment(image);
        var full = mask.Resize(image.Width, image.Height);
        float At(int x, int y) => full[y * image.Width + x];
        output.WriteLine($"person area {mask.Area():P1}; face {At(255, 235):F2}, uniform {At(250, 500):F2}, sky {At(470, 120):F2}, flag {At(40, 200):F2}");
        Assert.True(At(255, 235) > 0.8f);   // face
        Assert.True(At(250, 500) > 0.8f);   // uniform
        Assert.True(At(470, 120) < 0.2f);   // blue backdrop, right
        Assert.True(At(40, 200) < 0.2f);    // flag, left
        Assert.InRange(mask.Area(), 0.35f, 0.8f);
    }

    [Fact]
    public void WithoutAFaceThePersonMaskIsNotUsed()
    {
        // chelsea's cat is 90% "person" to the segmenter; with Faces on, no face means no person.
        var image = Load("examples/images/chelsea.png");
        var objects = SemanticJpeg.Saliency.SaliencyMap.Uniform(image.Width, image.Height, 0.3f);
        var map = SaliencyDetectors.Compute(image, DetectionKinds.All, () => objects, out var found);
        Assert.Same(objects, map);
        Assert.Equal(0f, found.PersonArea);
        SaliencyDetectors.Compute(image, DetectionKinds.People | DetectionKinds.Objects, () => objects, out var peopleOnly);
        Assert.True(peopleOnly.PersonArea > 0.5f, $"ungated person area {peopleOnly.PersonArea}");
    }

    [Fact]
    public void DetectorsComposeThroughTheEntryPoint()
    {
        var image = Load("examples/images/astronaut.png");
        bool objectsAsked = false;
        var map = SaliencyDetectors.Compute(image, DetectionKinds.Faces | DetectionKinds.People,
            () => { objectsAsked = true; return SemanticJpeg.Saliency.SaliencyMap.Uniform(image.Width, image.Height); }, out var found);
        Assert.False(objectsAsked);                       // Objects off: the object model is not run
        Assert.Equal(DetectionKinds.Faces | DetectionKinds.People, found.Ran);
        Assert.Single(found.Faces);
        Assert.InRange(found.PersonArea, 0.3f, 0.8f);
        Assert.Equal(1f, map[225, 115], 2);               // face centre
        Assert.True(map[20, 20] < 0.2f);                  // flag corner
    }
}
