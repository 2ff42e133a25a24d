namespace SemanticJpeg.Jpeg;

/// <summary>Constants of the RD writer that the rate controller does not search.</summary>
/// <param name="TableShape">Exponent on the Annex K table shape (1 = Annex K, 0 = flat; see RdTables).</param>
/// <param name="LambdaFactor">lambda relative to the high-rate optimum for the tables' geometric-mean step.</param>
/// <param name="StartScale">Table scale the search starts from (the reference JPEG's).</param>
/// <param name="ChromaScale">The chroma table's scale relative to luma's (<see cref="Components.RdTables.NoSubjectChromaScale"/>).</param>
internal sealed record RdWriterSettings(double TableShape, float LambdaFactor, double StartScale, double ChromaScale = 1.0);
