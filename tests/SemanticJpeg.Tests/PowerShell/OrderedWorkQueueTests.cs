using SemanticJpeg.PowerShell.Infrastructure;
using Xunit;

namespace SemanticJpeg.Tests.PowerShell;

public class OrderedWorkQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Results_come_back_in_input_order_whatever_order_they_finish_in()
    {
        using var queue = new OrderedWorkQueue<int, int>(4);
        var emitted = new List<int>();
        using var releaseFirst = new ManualResetEventSlim();
        for (int i = 0; i < 4; i++)
        {
            int n = i;
            queue.Enqueue(n, _ =>
            {
                if (n == 0) Assert.True(releaseFirst.Wait(Patience));
                return n * 10;
            }, (state, task) => emitted.Add(task.Result));
        }
        Thread.Sleep(200); // the later items finish while the first waits
        queue.EmitCompleted((_, task) => emitted.Add(task.Result));
        Assert.Empty(emitted); // the head is not done, so nothing behind it may go out
        releaseFirst.Set();
        queue.EmitAll((_, task) => emitted.Add(task.Result));
        Assert.Equal(new[] { 0, 10, 20, 30 }, emitted);
    }

    [Fact]
    public void Never_runs_more_than_the_throttle_limit_at_once()
    {
        using var queue = new OrderedWorkQueue<int, int>(2);
        int running = 0, most = 0;
        var emitted = new List<int>();
        for (int i = 0; i < 8; i++)
        {
            queue.Enqueue(i, _ =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                Thread.Sleep(20);
                Interlocked.Decrement(ref running);
                return 0;
            }, (state, _) => emitted.Add(state));
        }
        queue.EmitAll((state, _) => emitted.Add(state));
        Assert.InRange(most, 1, 2);
        Assert.Equal(Enumerable.Range(0, 8), emitted);
    }

    [Fact]
    public void A_failure_is_handed_to_emit_in_its_place_and_the_rest_go_on()
    {
        using var queue = new OrderedWorkQueue<string, int>(2);
        var outcomes = new List<string>();
        void Emit(string state, Task<int> task) => outcomes.Add(task.IsFaulted ? state + ":" + task.Exception!.InnerException!.Message : state + ":" + task.Result);
        queue.Enqueue("a", _ => 1, Emit);
        queue.Enqueue("b", _ => throw new InvalidOperationException("bad"), Emit);
        queue.Enqueue("c", _ => 3, Emit);
        queue.EmitAll(Emit);
        Assert.Equal(new[] { "a:1", "b:bad", "c:3" }, outcomes);
    }

    [Fact]
    public void Cancel_stops_work_at_its_next_checkpoint_and_WaitForRunning_waits_for_it()
    {
        using var queue = new OrderedWorkQueue<int, int>(1);
        using var started = new ManualResetEventSlim();
        bool finishedCleanly = false;
        queue.Enqueue(0, cancel =>
        {
            started.Set();
            while (!cancel.IsCancellationRequested) Thread.Sleep(5);
            Thread.Sleep(50); // e.g. deleting a temporary file
            finishedCleanly = true;
            cancel.ThrowIfCancellationRequested();
            return 0;
        }, (_, _) => { });
        Assert.True(started.Wait(Patience));
        queue.Cancel();
        Assert.Throws<OperationCanceledException>(() => queue.Enqueue(1, _ => 1, (_, _) => { }));
        queue.WaitForRunning(Patience);
        Assert.True(finishedCleanly);
        Assert.True(queue.Token.IsCancellationRequested);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
