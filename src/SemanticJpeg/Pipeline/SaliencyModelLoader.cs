using SemanticJpeg.Saliency;

namespace SemanticJpeg.Pipeline;

/// <summary>Gets the shared model instance and turns model problems into stable error codes.</summary>
public static class SaliencyModelLoader
{
    public static SaliencyModel Get(string nameOrPath) => Get(nameOrPath, null);

    /// <summary>As <see cref="Get(string)"/>; a model loaded now gets its first session with the threads of <paramref name="options"/>.</summary>
    public static SaliencyModel Get(string nameOrPath, SaliencyOptions? options)
    {
        try
        {
            return SaliencyModelCache.Get(nameOrPath, options);
        }
        catch (SaliencyModelException e)
        {
            throw new SemanticJpegException(e.IsNotFound ? SemanticJpegErrorCode.ModelNotFound : SemanticJpegErrorCode.ModelInvalid, e.Message, e);
        }
        catch (FileNotFoundException e)
        {
            throw new SemanticJpegException(SemanticJpegErrorCode.ModelNotFound, e.Message, e);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException
                                      or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or System.Text.Json.JsonException)
        {
            throw new SemanticJpegException(SemanticJpegErrorCode.ModelInvalid, $"Model '{nameOrPath}' cannot be used: {e.Message}", e);
        }
    }
}
