package org.cemsflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.cemsflow.config.Cli;
import org.junit.jupiter.api.Test;

/** The operational commands answer a wrong command line with a message naming the argument. */
class CommandLinesTest {

    static String error(Cli.Body body, String... args) {
        return assertThrows(Cli.UsageError.class, () -> body.run(new Cli("test", args))).getMessage();
    }

    @Test
    void eachCommandNamesWhatIsWrong() {
        assertEquals("--rate needs a value", error(Replay::run, "frames.h212", "--rate"));
        assertEquals("no input files", error(Replay::run, "--in-time-order"));
        assertEquals("unknown option --speed", error(Replay::run, "frames.h212", "--speed", "3"));
        assertEquals("--topic is required", error(TopicCheck::run, "--kind", "alerts"));
        assertEquals("--kind 'orders' is not one of alerts, alert-states, dead-letters, raw",
                error(TopicCheck::run, "--topic", "t", "--kind", "orders"));
        assertEquals("OUT_DIR is required", error(SyntheticStream::run, "--points", "3"));
        assertEquals("--points: 'many' does not parse (For input string: \"many\")",
                error(SyntheticStream::run, "out", "--points", "many"));
        assertEquals("unexpected argument second", error(LiveFrames::run, "out", "second"));
        assertEquals("--topic takes KIND=NAME", error(ScheduleReplay::run, "schedule.tsv", "--topic", "raw"));
        assertEquals("SCHEDULE is required", error(ScheduleReplay::run, "--topic", "raw=t"));
    }
}
