package org.cemsflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cemsflow.config.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every subcommand answers {@code --help} with exit 0, and a wrong command line with exit 2, a
 * message naming the argument and no stack trace; a bad setting or reference is exit 2 as well.
 */
class CommandLineTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                Commands.execute(
                        new Cemsflow(),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        args);
        return new Run(code, out.toString(), err.toString());
    }

    static void usageError(String expected, String... args) {
        Run r = run(args);
        assertEquals(Commands.USAGE, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains(expected), String.join(" ", args) + ": " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void everySubcommandAnswersHelpAndRefusesAnUnknownOption() {
        var subcommands = new CommandLine(new Cemsflow()).getSubcommands();
        assertEquals(12, subcommands.size(), subcommands.keySet().toString());
        for (String name : subcommands.keySet()) {
            Run help = run(name, "--help");
            assertEquals(Commands.OK, help.code(), name);
            assertTrue(help.out().startsWith("Usage: cemsflow " + name), name + ": " + help.out());
            usageError(
                    "Usage: cemsflow " + name, name, "--no-such-flag"); // with what else is missing
        }
        assertEquals(Commands.OK, run("--help").code());
        assertTrue(run("--version").out().startsWith("cemsflow "));
        usageError("give a command");
        usageError("Unknown option: '--speed'", "replay", "frames.h212", "--speed", "3");
        usageError("Unmatched argument at index 0: 'no-such-command'", "no-such-command");
    }

    @Test
    void mistakesNameTheArgument() {
        usageError(
                "Missing required parameter for option '--rate'",
                "replay",
                "frames.h212",
                "--rate");
        usageError("Missing required parameter: 'FILES'", "replay", "--in-time-order");
        usageError("Missing required option: '--topic=T'", "topic-check", "--kind", "alerts");
        usageError(
                "'orders' is not one of alerts, alert-states, dead-letters, raw",
                "topic-check",
                "--topic",
                "t",
                "--kind",
                "orders");
        usageError("Missing required parameter: 'OUT_DIR'", "synthetic", "--points", "3");
        usageError(
                "Invalid value for option '--points': 'many' is not an int",
                "synthetic",
                "out",
                "--points",
                "many");
        usageError("Unmatched argument at index 2: 'second'", "live-frames", "out", "second");
        usageError(
                "Value for option option '--topic' (KIND=NAME) should be in KEY=VALUE format but was raw",
                "replay-schedule",
                "schedule.tsv",
                "--topic",
                "raw");
        usageError(
                "give --reference DIR or --accept-unknown",
                "run-local",
                "--input",
                "x.h212",
                "--out",
                "o");
        usageError(
                "expected one of [AUTO, HEAP, ROCKSDB] (case-insensitive) but was 'disk'",
                "run-local",
                "--input",
                "x.h212",
                "--accept-unknown",
                "--out",
                "o",
                "--state-backend",
                "disk");
        // enum values in lower case, as the README writes them: the run gets as far as the input
        // (whose absence run-local reports itself, exit 2), not stopped by the parser
        Run lowerCase =
                run(
                        "run-local",
                        "--input",
                        "target/no-such-input.h212",
                        "--accept-unknown",
                        "--out",
                        "target/cli-test-out",
                        "--state-backend",
                        "rocksdb");
        assertEquals(Commands.USAGE, lowerCase.code(), lowerCase.err());
        assertFalse(lowerCase.err().contains("Invalid value"), lowerCase.err());
        usageError(
                "--month '2026-4' is not YYYY-MM",
                "report",
                "--from",
                ".",
                "--month",
                "2026-4",
                "--out",
                "r.html");
        usageError("--version 2016 is not 2017 or 2025", "logger-sim", "--version", "2016");
        usageError("the scenario needs at least 1 unit", "scenario", "out", "--days", "2");
    }

    @Test
    void aBadSettingOrReferenceIsAConfigurationErrorNamingIt() throws Exception {
        usageError("unknown setting 'no.such'", "stream", "--set", "no.such=1");
        usageError(
                "setting 'hourly.min-coverage-minutes' = '61'",
                "stream",
                "--set",
                "hourly.min-coverage-minutes=61");
        usageError("setting 'gateway.port' = 'http'", "gateway", "--set", "gateway.port=http");
        Path config = tmp.resolve("c.properties");
        Files.writeString(config, "aggregation.allowed-lateness=6h\n");
        usageError(
                "setting 'aggregation.allowed-lateness' = '6h'",
                "stream",
                "--config",
                config.toString());
        Path ref = Files.createDirectories(tmp.resolve("ref"));
        Files.writeString(ref.resolve("points.csv"), "mn,point_id\n");
        usageError(
                "points.csv",
                "run-local",
                "--input",
                "x.h212",
                "--reference",
                ref.toString(),
                "--out",
                tmp.resolve("o").toString());
    }

    @Test
    void aFailureWhileRunningIsExitThree() {
        Run r = run("synthetic", "/proc/no-such-dir/out", "--points", "1", "--hours", "1");
        assertEquals(Commands.FAILURE, r.code(), r.err());
        assertTrue(r.err().startsWith("synthetic: failed: "), r.err());
    }
}
