package org.cemsflow.config;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Runs a command of the command line (picocli) with the exit codes every cemsflow command keeps:
 * {@value #OK} done, {@value #CHECK_FAILED} a check found a difference, {@value #USAGE} a usage or
 * configuration error (an unknown or malformed option or a missing operand: a line naming it and
 * the usage; a bad setting or reference: a line naming it; never a stack trace), {@value #FAILURE}
 * a failure while running. {@code --help} prints the usage and exits {@value #OK}.
 */
public final class Commands {
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int USAGE = 2;
    public static final int FAILURE = 3;

    private Commands() {}

    /** A command line that cannot be run, found after parsing; its message names the argument. */
    public static final class UsageError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageError(String message) {
            super(message);
        }
    }

    /** A configuration that cannot be used (settings, reference data): exit {@value #USAGE}, its message alone. */
    public interface ConfigurationError {}

    /** {@code --help} alone, for a command with a {@code --version} option of its own. */
    public static final class HelpOption {
        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "Show this help message and exit.")
        boolean help;
    }

    /** {@code --config FILE} and {@code --set key=value}...: the settings of a command. */
    public static final class SettingsMixin {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "a properties file of settings")
        Path config;

        @Option(
                names = "--set",
                paramLabel = "KEY=VALUE",
                description = "a setting, over the file's (repeatable)")
        Map<String, String> overrides = new LinkedHashMap<>();

        public CemsflowSettings settings() {
            return CemsflowSettings.load(config, overrides);
        }
    }

    /** The command line of {@code command}, with the exit codes above. */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true); // --state-backend rocksdb, as documented
        cl.setExecutionExceptionHandler(
                (e, line, parsed) -> {
                    PrintWriter err = line.getErr();
                    if (e instanceof UsageError) {
                        err.println(line.getCommandName() + ": " + e.getMessage());
                        line.usage(err);
                        return USAGE;
                    }
                    if (e instanceof SettingsException || e instanceof ConfigurationError) {
                        err.println(line.getCommandName() + ": " + e.getMessage());
                        return USAGE;
                    }
                    err.println(line.getCommandName() + ": failed: " + e);
                    e.printStackTrace(err);
                    return FAILURE;
                });
        return cl;
    }

    /** Runs {@code command} on {@code args}: its exit code. */
    public static int execute(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /** Runs {@code command} on {@code args} with the command line's own output to {@code out} and {@code err}. */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(command).setOut(out).setErr(err).execute(args);
    }

    /** For a {@code main}: runs the command and exits with its code unless it is {@link #OK}. */
    public static void main(Object command, String[] args) {
        int code = execute(command, args);
        if (code != OK) {
            System.exit(code);
        }
    }
}
