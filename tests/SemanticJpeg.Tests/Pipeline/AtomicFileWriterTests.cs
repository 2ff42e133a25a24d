using SemanticJpeg.Pipeline;
using SemanticJpeg.Tests.TestSupport;
using Xunit;

namespace SemanticJpeg.Tests.Pipeline;

public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDirectory();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Writes_the_whole_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_dir, "out.jpg");
        AtomicFileWriter.Write(path, new byte[] { 1, 2, 3 }, overwrite: false);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Refuses_to_replace_an_existing_file_without_overwrite()
    {
        var path = Path.Combine(_dir, "out.jpg");
        File.WriteAllBytes(path, [9]);
        var e = Assert.Throws<SemanticJpegException>(() => AtomicFileWriter.Write(path, new byte[] { 1 }, overwrite: false));
        Assert.Equal(SemanticJpegErrorCode.DestinationExists, e.Code);
        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
        AtomicFileWriter.Write(path, new byte[] { 1 }, overwrite: true);
        Assert.Equal(new byte[] { 1 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_missing_folder_is_a_write_failure_with_nothing_left()
    {
        var path = Path.Combine(_dir, "no-such-folder", "out.jpg");
        var e = Assert.Throws<SemanticJpegException>(() => AtomicFileWriter.Write(path, new byte[] { 1 }, overwrite: false));
        Assert.Equal(SemanticJpegErrorCode.WriteFailed, e.Code);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }
}
