package org.cemsflow.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Declares the cemsflow options as Flink {@link ConfigOption}s (key, type, default, description)
 * and keeps, for each key, how its text becomes a value and the range the value must be in. Only
 * the options classes of this package declare; {@link CemsflowSettings} parses and checks every
 * declared key at start, so a bad value names its key before the job runs.
 */
final class OptionDefs {
    /** One option: its text default (as the README and the start-up log show it), doc and parser. */
    record Def(String key, String defaultText, String doc, Function<String, Object> parse) {}

    private static final Map<String, Def> DEFS = new LinkedHashMap<>();

    private OptionDefs() {}

    /** Every option, in the order of declaration. */
    static Collection<Def> all() {
        return Collections.unmodifiableCollection(DEFS.values());
    }

    static Def def(String key) {
        return DEFS.get(key);
    }

    private static <T> ConfigOption<T> declare(
            ConfigOption<T> option, String dflt, String doc, Function<String, Object> parse) {
        if (DEFS.put(option.key(), new Def(option.key(), dflt, doc, parse)) != null) {
            throw new IllegalStateException("option " + option.key() + " declared twice");
        }
        return option;
    }

    private static SettingsException bad(String key, String value, String what) {
        return new SettingsException("setting '" + key + "' = '" + value + "' is not " + what);
    }

    /** Free text (a topic, an address, a code). */
    static ConfigOption<String> text(String key, String dflt, String doc) {
        return declare(
                ConfigOptions.key(key).stringType().defaultValue(dflt).withDescription(doc),
                dflt,
                doc,
                s -> s);
    }

    /** One of {@code allowed}. */
    static ConfigOption<String> choice(String key, String dflt, List<String> allowed, String doc) {
        return declare(
                ConfigOptions.key(key).stringType().defaultValue(dflt).withDescription(doc),
                dflt,
                doc,
                s -> {
                    if (!allowed.contains(s)) {
                        throw bad(key, s, "one of " + String.join(", ", allowed));
                    }
                    return s;
                });
    }

    /** A comma-separated list; blanks are dropped. */
    static ConfigOption<List<String>> list(String key, String dflt, String doc) {
        return declare(
                ConfigOptions.key(key)
                        .stringType()
                        .asList()
                        .defaultValues(split(dflt).toArray(String[]::new))
                        .withDescription(doc),
                dflt,
                doc,
                OptionDefs::split);
    }

    /** A comma-separated list of names, each one of {@code allowed}. */
    static ConfigOption<List<String>> listOf(String key, List<String> allowed, String doc) {
        String dflt = String.join(",", allowed);
        return declare(
                ConfigOptions.key(key)
                        .stringType()
                        .asList()
                        .defaultValues(allowed.toArray(String[]::new))
                        .withDescription(doc),
                dflt,
                doc,
                s -> {
                    List<String> names = split(s);
                    for (String n : names) {
                        if (!allowed.contains(n)) {
                            throw new SettingsException(
                                    "setting '"
                                            + key
                                            + "' names '"
                                            + n
                                            + "', which is not one of "
                                            + allowed);
                        }
                    }
                    return names;
                });
    }

    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        Arrays.stream(s.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(out::add);
        return List.copyOf(out);
    }

    /** An ISO-8601 duration such as PT1H or P35D, not negative. */
    static ConfigOption<Duration> duration(String key, String dflt, String doc) {
        return declare(
                ConfigOptions.key(key)
                        .durationType()
                        .defaultValue(Duration.parse(dflt))
                        .withDescription(doc),
                dflt,
                doc,
                s -> {
                    try {
                        Duration d = Duration.parse(s);
                        if (!d.isNegative()) {
                            return d;
                        }
                    } catch (DateTimeParseException e) {
                        // reported below, naming the key
                    }
                    throw bad(key, s, "an ISO-8601 duration such as PT1H");
                });
    }

    static ConfigOption<Boolean> bool(String key, boolean dflt, String doc) {
        return declare(
                ConfigOptions.key(key).booleanType().defaultValue(dflt).withDescription(doc),
                Boolean.toString(dflt),
                doc,
                s -> {
                    if (!s.equals("true") && !s.equals("false")) {
                        throw bad(key, s, "true or false");
                    }
                    return Boolean.parseBoolean(s);
                });
    }

    /** An integer in [lo, hi]. */
    static ConfigOption<Integer> integer(String key, int dflt, int lo, int hi, String doc) {
        return declare(
                ConfigOptions.key(key).intType().defaultValue(dflt).withDescription(doc),
                Integer.toString(dflt),
                doc,
                s -> {
                    try {
                        int i = Integer.parseInt(s);
                        if (i >= lo && i <= hi) {
                            return i;
                        }
                    } catch (NumberFormatException e) {
                        // reported below, naming the key
                    }
                    throw bad(key, s, "an integer in [" + lo + ", " + hi + "]");
                });
    }

    /** A number that passes {@code ok}, described by {@code what} ("a number > 0"). */
    static ConfigOption<Double> number(
            String key, String dflt, DoublePredicate ok, String what, String doc) {
        return declare(
                ConfigOptions.key(key)
                        .doubleType()
                        .defaultValue(Double.parseDouble(dflt))
                        .withDescription(doc),
                dflt,
                doc,
                s -> {
                    try {
                        double d = Double.parseDouble(s);
                        if (ok.test(d)) {
                            return d;
                        }
                    } catch (NumberFormatException e) {
                        // reported below, naming the key
                    }
                    throw bad(key, s, what);
                });
    }

    /** A number > 0: a ratio, a share, a factor. */
    static ConfigOption<Double> positive(String key, String dflt, String doc) {
        return number(key, dflt, d -> d > 0, "a number > 0", doc);
    }
}
