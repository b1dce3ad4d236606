using DriverScript.Hardware.Time;

namespace DriverScript.Hardware.Tests.Time;

public class VirtualClockTests
{
    private readonly VirtualClock clock = new();
    private readonly List<string> ran = [];

    [Fact]
    public void A_new_clock_is_at_zero_and_idle()
    {
        clock.Now.ShouldBe(0);
        clock.IsIdle.ShouldBeTrue();
        clock.NextEventTime.ShouldBeNull();
        clock.Step().ShouldBeFalse();
    }

    [Fact]
    public void Actions_run_in_time_order_whatever_the_scheduling_order()
    {
        clock.Schedule(300, () => ran.Add("c"));
        clock.Schedule(100, () => ran.Add("a"));
        clock.Schedule(200, () => ran.Add("b"));

        clock.RunUntilIdle().ShouldBeTrue();

        ran.ShouldBe(["a", "b", "c"]);
        clock.Now.ShouldBe(300);
    }

    [Fact]
    public void Actions_due_at_the_same_time_run_in_scheduling_order()
    {
        for (var i = 0; i < 50; i++)
        {
            var label = i.ToString();
            clock.Schedule(1000, () => ran.Add(label));
        }

        clock.RunUntil(1000);

        ran.ShouldBe(Enumerable.Range(0, 50).Select(i => i.ToString()));
    }

    [Fact]
    public void An_action_sees_now_equal_to_its_due_time()
    {
        long seen = -1;
        clock.ScheduleAfter(VirtualTime.Microseconds(10), () => seen = clock.Now);

        clock.RunFor(VirtualTime.Milliseconds(1));

        seen.ShouldBe(10_000);
        clock.Now.ShouldBe(1_000_000);
    }

    [Fact]
    public void RunUntil_runs_actions_due_at_the_limit_but_not_after_it()
    {
        clock.Schedule(100, () => ran.Add("at"));
        clock.Schedule(101, () => ran.Add("after"));

        clock.RunUntil(100).ShouldBe(1);

        ran.ShouldBe(["at"]);
        clock.Now.ShouldBe(100);
        clock.NextEventTime.ShouldBe(101);
    }

    [Fact]
    public void Actions_scheduled_by_a_running_action_for_the_same_time_run_in_the_same_pass_after_those_already_due()
    {
        clock.Schedule(10, () =>
        {
            ran.Add("first");
            clock.ScheduleAfter(0, () => ran.Add("nested"));
        });
        clock.Schedule(10, () => ran.Add("second"));

        clock.RunUntil(10);

        ran.ShouldBe(["first", "second", "nested"]);
    }

    [Fact]
    public void Actions_scheduled_by_a_running_action_within_the_limit_also_run()
    {
        clock.Schedule(10, () => clock.ScheduleAfter(5, () => ran.Add("chained")));

        clock.RunUntil(20);

        ran.ShouldBe(["chained"]);
        clock.Now.ShouldBe(20);
    }

    [Fact]
    public void A_canceled_action_never_runs_and_cancel_reports_whether_it_was_pending()
    {
        var doomed = clock.Schedule(10, () => ran.Add("doomed"));
        var kept = clock.Schedule(10, () => ran.Add("kept"));

        doomed.Cancel().ShouldBeTrue();
        doomed.Cancel().ShouldBeFalse();
        clock.PendingCount.ShouldBe(1);
        clock.RunUntilIdle();

        ran.ShouldBe(["kept"]);
        doomed.State.ShouldBe(ScheduledActionState.Canceled);
        kept.State.ShouldBe(ScheduledActionState.Ran);
        kept.Cancel().ShouldBeFalse();
    }

    [Fact]
    public void An_action_can_cancel_a_later_action_due_at_the_same_time()
    {
        ScheduledAction? victim = null;
        clock.Schedule(5, () => victim!.Cancel());
        victim = clock.Schedule(5, () => ran.Add("victim"));

        clock.RunUntilIdle();

        ran.ShouldBeEmpty();
    }

    [Fact]
    public void Step_runs_exactly_one_action_and_advances_to_its_time()
    {
        clock.Schedule(7, () => ran.Add("a"));
        clock.Schedule(9, () => ran.Add("b"));

        clock.Step().ShouldBeTrue();

        ran.ShouldBe(["a"]);
        clock.Now.ShouldBe(7);
        clock.PendingCount.ShouldBe(1);
    }

    [Fact]
    public void RunUntilIdle_stops_before_actions_beyond_the_deadline_without_moving_time_to_it()
    {
        clock.Schedule(10, () => ran.Add("a"));
        clock.Schedule(1000, () => ran.Add("b"));

        clock.RunUntilIdle(deadline: 500).ShouldBeFalse();

        ran.ShouldBe(["a"]);
        clock.Now.ShouldBe(10);
    }

    [Fact]
    public void RunDue_runs_what_is_due_now_without_advancing()
    {
        clock.RunFor(50);
        clock.ScheduleAfter(0, () => ran.Add("now"));
        clock.ScheduleAfter(1, () => ran.Add("later"));

        clock.RunDue().ShouldBe(1);

        ran.ShouldBe(["now"]);
        clock.Now.ShouldBe(50);
    }

    [Fact]
    public void Scheduling_in_the_past_or_running_backwards_is_refused()
    {
        clock.RunFor(100);

        Should.Throw<ArgumentOutOfRangeException>(() => clock.Schedule(99, () => { }));
        Should.Throw<ArgumentOutOfRangeException>(() => clock.ScheduleAfter(-1, () => { }));
        Should.Throw<ArgumentOutOfRangeException>(() => clock.RunUntil(50));
    }

    [Fact]
    public void A_nested_run_from_inside_an_action_never_moves_time_backwards()
    {
        clock.Schedule(10, () =>
        {
            ran.Add("outer");
            clock.RunUntil(500);   // a busy-wait inside a callback lets hardware time pass
        });
        clock.Schedule(200, () => ran.Add("inner"));

        clock.RunUntil(100);

        ran.ShouldBe(["outer", "inner"]);
        clock.Now.ShouldBe(500);
    }

    [Fact]
    public void An_exception_from_an_action_propagates_and_leaves_the_clock_usable()
    {
        clock.Schedule(10, () => throw new InvalidOperationException("model bug"));
        clock.Schedule(20, () => ran.Add("next"));

        Should.Throw<InvalidOperationException>(() => clock.RunUntil(100));
        clock.Now.ShouldBe(10);
        clock.RunUntil(100);

        ran.ShouldBe(["next"]);
    }

    [Fact]
    public void Many_cancellations_do_not_disturb_the_order_of_the_remaining_actions()
    {
        var handles = new List<ScheduledAction>();
        for (var i = 0; i < 5000; i++)
        {
            var label = i;
            handles.Add(clock.Schedule(1000 - (i % 100), () => ran.Add(label.ToString())));
        }

        for (var i = 0; i < 5000; i++)
        {
            if (i % 7 != 0)
            {
                handles[i].Cancel();
            }
        }

        clock.RunUntilIdle();

        var expected = Enumerable.Range(0, 5000).Where(i => i % 7 == 0)
            .OrderBy(i => 1000 - (i % 100)).ThenBy(i => i).Select(i => i.ToString());
        ran.ShouldBe(expected);
        clock.ExecutedCount.ShouldBe(expected.Count());
    }

    [Theory]
    [InlineData(0, "0ns")]
    [InlineData(1500, "1500ns")]
    [InlineData(10_000, "10us")]
    [InlineData(100_000_000, "100ms")]
    [InlineData(2_000_000_000, "2s")]
    public void Durations_format_in_the_largest_exact_unit(long nanoseconds, string expected) =>
        VirtualTime.Format(nanoseconds).ShouldBe(expected);
}
