package org.cemsflow.config;

import java.util.function.Function;

/**
 * The arguments of one command, read in order. Guarantees that {@code --help} (or {@code -h})
 * prints the usage and exits 0, and that a mistake (an unknown option, an option without its
 * value, a value that does not parse, a missing operand) prints {@code command: what is wrong}
 * and the usage, and exits 2: a user never sees a stack trace for a command line.
 */
public final class Cli {
    /** A command line that cannot be run; its message names the argument. */
    public static final class UsageError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UsageError(String message) {
            super(message);
        }
    }

    /** A command's body, given its arguments. */
    @FunctionalInterface
    public interface Body {
        void run(Cli cli) throws Exception;
    }

    private final String command;
    private final String[] args;
    private int at;
    private String current;

    public Cli(String command, String[] args) {
        this.command = command;
        this.args = args.clone();
    }

    /** Runs {@code body}, or prints the usage for --help (exit 0) or a usage error (exit 2). */
    public static void run(String command, String usage, String[] args, Body body) throws Exception {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: " + usage);
                return;
            }
        }
        try {
            body.run(new Cli(command, args));
        } catch (UsageError e) {
            System.err.println(command + ": " + e.getMessage());
            System.err.println("usage: " + usage);
            System.exit(2);
        }
    }

    public boolean hasNext() {
        return at < args.length;
    }

    /** The next argument: an option or an operand. */
    public String next() {
        current = args[at++];
        return current;
    }

    /** The value of the option just read. */
    public String value() {
        if (at >= args.length || (args[at].startsWith("--") && args[at].length() > 2)) {
            throw new UsageError(current + " needs a value");
        }
        return args[at++];
    }

    /** The value of the option just read, parsed. */
    public <T> T value(Function<String, T> parse) {
        String v = value();
        try {
            return parse.apply(v);
        } catch (RuntimeException e) {
            throw new UsageError(current + ": '" + v + "' does not parse (" + e.getMessage() + ")");
        }
    }

    /** The argument just read as an operand; an unknown option is an error. */
    public String operand() {
        if (current.startsWith("--")) {
            throw new UsageError("unknown option " + current);
        }
        return current;
    }

    /** The argument just read as the command's one operand, {@code already} the one read before (or null). */
    public String single(String already) {
        if (already != null) {
            throw unknown();
        }
        return operand();
    }

    /** A required operand or option: its value, or an error naming it. */
    public static <T> T required(T value, String name) {
        if (value == null) {
            throw new UsageError(name + " is required");
        }
        return value;
    }

    /** Puts the {@code key=value} of a {@code --set} into {@code into}. */
    public static void keyValue(String kv, java.util.Map<String, String> into) {
        int eq = kv.indexOf('=');
        if (eq < 1) {
            throw new UsageError("--set takes key=value, not '" + kv + "'");
        }
        into.put(kv.substring(0, eq), kv.substring(eq + 1));
    }

    /** Fails on the argument just read: it is not one this command takes. */
    public UsageError unknown() {
        return new UsageError((current.startsWith("-") ? "unknown option " : "unexpected argument ") + current);
    }

    public String command() {
        return command;
    }
}
