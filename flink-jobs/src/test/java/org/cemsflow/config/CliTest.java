package org.cemsflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {

    static String error(Cli.Body body, String... args) {
        return assertThrows(Cli.UsageError.class, () -> body.run(new Cli("test", args))).getMessage();
    }

    static final Cli.Body COMMAND = cli -> {
        String out = null;
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--rate" -> cli.value(Double::parseDouble);
                case "--topic" -> cli.value();
                case "--flag" -> { }
                default -> {
                    if (out != null) {
                        throw cli.unknown();
                    }
                    out = cli.operand();
                }
            }
        }
    };

    @Test
    void mistakesNameTheArgument() {
        assertEquals("--rate needs a value", error(COMMAND, "DIR", "--rate"));
        assertEquals("--topic needs a value", error(COMMAND, "--topic", "--flag"));
        assertEquals("--rate: 'fast' does not parse (For input string: \"fast\")", error(COMMAND, "--rate", "fast"));
        assertEquals("unknown option --speed", error(COMMAND, "--speed", "3"));
        assertEquals("unexpected argument OTHER", error(COMMAND, "DIR", "OTHER"));
    }

    @Test
    void aNegativeNumberIsAValue() throws Exception {
        COMMAND.run(new Cli("test", new String[] {"DIR", "--rate", "-1"}));
    }

    @Test
    void helpPrintsTheUsageAndRunsNothing() throws Exception {
        PrintStream was = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Cli.run("test", "test DIR [--rate N]", new String[] {"DIR", "--help"}, cli -> {
                throw new AssertionError("ran");
            });
        } finally {
            System.setOut(was);
        }
        assertEquals("usage: test DIR [--rate N]\n", buf.toString(StandardCharsets.UTF_8));
    }
}
