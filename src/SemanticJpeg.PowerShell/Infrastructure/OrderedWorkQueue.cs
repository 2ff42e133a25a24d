namespace SemanticJpeg.PowerShell.Infrastructure;

/// <summary>
/// Runs per-file work on up to N worker threads while the cmdlet keeps reading its pipeline, and
/// hands results back in input order on the pipeline thread (only that thread may call WriteObject
/// / WriteError). Cancel() makes in-flight work stop at its next checkpoint; WaitForRunning lets
/// StopProcessing wait until no worker is mid-write, so no temporary file outlives a Ctrl+C.
/// </summary>
internal sealed class OrderedWorkQueue<TState, TResult> : IDisposable
{
    private readonly Queue<(Task<TResult> Task, TState State)> _pending = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _cancel = new();

    public OrderedWorkQueue(int throttleLimit)
    {
        _slots = new SemaphoreSlim(Math.Max(1, throttleLimit));
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>Starts <paramref name="work"/> once a slot is free, emitting finished results while waiting.</summary>
    public void Enqueue(TState state, Func<CancellationToken, TResult> work, Action<TState, Task<TResult>> emit)
    {
        while (!_slots.Wait(50, _cancel.Token))
            EmitCompleted(emit);
        var task = Task.Run(() =>
        {
            try
            {
                _cancel.Token.ThrowIfCancellationRequested();
                return work(_cancel.Token);
            }
            finally
            {
                _slots.Release();
            }
        });
        lock (_pending) _pending.Enqueue((task, state));
        EmitCompleted(emit);
    }

    /// <summary>Emits the finished results at the head of the queue (input order is kept).</summary>
    public void EmitCompleted(Action<TState, Task<TResult>> emit)
    {
        while (TryDequeue(requireCompleted: true, out var task, out var state))
            emit(state, task);
    }

    /// <summary>Waits for everything, emitting in order.</summary>
    public void EmitAll(Action<TState, Task<TResult>> emit)
    {
        while (TryDequeue(requireCompleted: false, out var task, out var state))
        {
            try
            {
                task.Wait(_cancel.Token);
            }
            catch (AggregateException)
            {
                // Reported through emit, which inspects the task.
            }
            emit(state, task);
        }
    }

    public void Cancel() => _cancel.Cancel();

    private bool TryDequeue(bool requireCompleted, out Task<TResult> task, out TState state)
    {
        lock (_pending)
        {
            if (_pending.Count > 0 && (!requireCompleted || _pending.Peek().Task.IsCompleted))
            {
                (task, state) = _pending.Dequeue();
                return true;
            }
        }
        task = null!;
        state = default!;
        return false;
    }

    /// <summary>Blocks until in-flight work has finished or given up (bounded, for StopProcessing).</summary>
    public void WaitForRunning(TimeSpan timeout)
    {
        Task[] tasks;
        lock (_pending) tasks = _pending.Select(p => (Task)p.Task).ToArray();
        try
        {
            Task.WaitAll(tasks, timeout);
        }
        catch (AggregateException)
        {
        }
    }

    public void Dispose()
    {
        _cancel.Dispose();
        _slots.Dispose();
    }
}
