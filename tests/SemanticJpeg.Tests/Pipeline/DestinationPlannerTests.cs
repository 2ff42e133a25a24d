using SemanticJpeg.Pipeline;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Pipeline;

public sealed class DestinationPlannerTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, true);

    private string Source(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [1]);
        return path;
    }

    private static SemanticJpegErrorCode CodeOf(Action action) =>
        Assert.Throws<SemanticJpegException>(action).Code;

    [Fact]
    public void Without_a_destination_the_output_goes_next_to_its_source()
    {
        var planner = new DestinationPlanner(null, overwrite: false, DestinationPlanner.IsJpegName);
        Assert.Equal(Path.Combine(_dir, "photo.jpg"), planner.For(Source("photo.png"), ".jpg"));
    }

    [Theory]
    [InlineData("out.jpg", true)]
    [InlineData("out.JPEG", true)]
    [InlineData("out.jfif", true)]
    [InlineData("photos.v2", false)]
    [InlineData("out.png", false)]
    [InlineData("out", false)]
    public void Only_a_name_the_command_writes_makes_the_destination_a_file(string name, bool file)
    {
        var destination = Path.Combine(_dir, name);
        var planner = new DestinationPlanner(destination, overwrite: false, DestinationPlanner.IsJpegName);
        Assert.Equal(file ? destination : null, planner.File);
        Assert.Equal(file ? null : destination, planner.Folder);
    }

    [Fact]
    public void An_existing_folder_or_a_trailing_separator_is_a_folder_whatever_its_name()
    {
        var existing = Directory.CreateDirectory(Path.Combine(_dir, "album.jpg")).FullName;
        Assert.Equal(existing, new DestinationPlanner(existing, false, DestinationPlanner.IsJpegName).Folder);
        var slash = Path.Combine(_dir, "new.jpg") + Path.DirectorySeparatorChar;
        Assert.Equal(slash, new DestinationPlanner(slash, false, DestinationPlanner.IsJpegName).Folder);
    }

    [Fact]
    public void A_folder_takes_one_output_per_input_named_after_the_source()
    {
        var folder = Path.Combine(_dir, "out");
        var planner = new DestinationPlanner(folder, overwrite: false, _ => true);
        Assert.Null(planner.Folder);
        Directory.CreateDirectory(folder);
        planner = new DestinationPlanner(folder, overwrite: false, _ => true);
        Assert.Equal(Path.Combine(folder, "a-saliency.png"), planner.For(Source("a.png"), "-saliency.png"));
        Assert.Equal(Path.Combine(folder, "b-saliency.png"), planner.For(Source("b.tif"), "-saliency.png"));
    }

    [Fact]
    public void Never_the_source_itself()
    {
        var source = Source("photo.jpg");
        Assert.Equal(SemanticJpegErrorCode.DestinationIsSource,
            CodeOf(() => new DestinationPlanner(null, overwrite: true, DestinationPlanner.IsJpegName).For(source, ".jpg")));
        Assert.Equal(SemanticJpegErrorCode.DestinationIsSource,
            CodeOf(() => new DestinationPlanner(source, overwrite: true, DestinationPlanner.IsJpegName).For(source, ".jpg")));
    }

    [Fact]
    public void An_existing_file_only_with_overwrite()
    {
        var source = Source("photo.png");
        Source("photo.jpg");
        Assert.Equal(SemanticJpegErrorCode.DestinationExists,
            CodeOf(() => new DestinationPlanner(null, overwrite: false, DestinationPlanner.IsJpegName).For(source, ".jpg")));
        Assert.Equal(Path.Combine(_dir, "photo.jpg"), new DestinationPlanner(null, overwrite: true, DestinationPlanner.IsJpegName).For(source, ".jpg"));
    }

    [Fact]
    public void A_directory_in_the_way_is_not_writable_even_with_overwrite()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "photo.jpg"));
        var planner = new DestinationPlanner(null, overwrite: true, DestinationPlanner.IsJpegName);
        Assert.Equal(SemanticJpegErrorCode.DestinationNotWritable, CodeOf(() => planner.For(Source("photo.png"), ".jpg")));
        Assert.Equal(SemanticJpegErrorCode.DestinationNotWritable, CodeOf(() => planner.CheckWritable(Path.Combine(_dir, "photo.jpg"))));
    }

    [Fact]
    public void A_destination_file_takes_a_single_input()
    {
        var file = Path.Combine(_dir, "one.jpg");
        var planner = new DestinationPlanner(file, overwrite: false, DestinationPlanner.IsJpegName);
        var first = planner.For(Source("a.png"), ".jpg");
        Assert.Equal(file, first);
        Assert.Equal(file, planner.For(Source("b.png"), ".jpg")); // nothing claimed yet (-WhatIf)
        planner.Claim(first);
        Assert.Equal(SemanticJpegErrorCode.InvalidArgument, CodeOf(() => planner.For(Source("c.png"), ".jpg")));
    }

    [Fact]
    public void Two_inputs_never_write_one_output()
    {
        var planner = new DestinationPlanner(Path.Combine(_dir, "out"), overwrite: true, DestinationPlanner.IsJpegName);
        Directory.CreateDirectory(Path.Combine(_dir, "x"));
        Directory.CreateDirectory(Path.Combine(_dir, "y"));
        var first = planner.For(Source(Path.Combine("x", "photo.png")), ".jpg");
        planner.Claim(first);
        var second = planner.For(Source(Path.Combine("y", "photo.tif")), ".jpg");
        Assert.Equal(first, second);
        Assert.Equal(SemanticJpegErrorCode.DestinationExists, CodeOf(() => planner.Claim(second)));
    }

    [Fact]
    public void Claim_creates_the_folder_and_only_then()
    {
        var folder = Path.Combine(_dir, "new", "deeper");
        var planner = new DestinationPlanner(folder, overwrite: false, DestinationPlanner.IsJpegName);
        var destination = planner.For(Source("photo.png"), ".jpg");
        Assert.False(Directory.Exists(folder));
        planner.Claim(destination);
        Assert.True(Directory.Exists(folder));
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_not_writable()
    {
        var blocker = Source("blocker");
        var planner = new DestinationPlanner(Path.Combine(blocker, "sub"), overwrite: false, DestinationPlanner.IsJpegName);
        var destination = planner.For(Source("photo.png"), ".jpg");
        Assert.Equal(SemanticJpegErrorCode.DestinationNotWritable, CodeOf(() => planner.Claim(destination)));
    }

    [Fact]
    public void An_image_without_a_file_needs_a_destination()
    {
        Assert.Equal(SemanticJpegErrorCode.InvalidArgument,
            CodeOf(() => new DestinationPlanner(null, false, DestinationPlanner.IsJpegName).For(null, ".jpg")));
        var folder = Path.Combine(_dir, "out");
        Assert.Equal(Path.Combine(folder, "image.jpg"), new DestinationPlanner(folder, false, DestinationPlanner.IsJpegName).For(null, ".jpg"));
        var file = Path.Combine(_dir, "named.jpg");
        Assert.Equal(file, new DestinationPlanner(file, false, DestinationPlanner.IsJpegName).For(null, ".jpg"));
    }
}
