package org.cemsflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cemsflow.testkit.Repository;
import org.junit.jupiter.api.Test;

/**
 * The README's table of configuration keys is the settings as the job has them: every setting is
 * in it, nothing else is, and where a row gives each key its default, the default is the job's.
 */
class SettingsTableTest {
    static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** A line of the description: two spaces, the key, " =", and the value (empty for some). */
    static final Pattern SETTING = Pattern.compile("  (\\S+) =(?: (.*))?");

    @Test
    void theReadmeTableListsEverySettingWithItsDefault() throws Exception {
        // the settings and their defaults, from the start-up description
        Map<String, String> job = new LinkedHashMap<>();
        for (String line : CemsflowSettings.of(Map.of()).describe().split("\n")) {
            Matcher kv = SETTING.matcher(line);
            if (kv.matches()) {
                job.put(kv.group(1), kv.group(2) == null ? "" : kv.group(2));
            }
        }
        String readme = Files.readString(Repository.root().resolve("README.md"));
        int start = readme.indexOf("### Configuration keys");
        int end = readme.indexOf("\n## ", start);
        Map<String, String> documented = new LinkedHashMap<>();
        List<String> wrongDefaults = new ArrayList<>();
        for (String row : readme.substring(start, end).split("\n")) {
            if (!row.startsWith("| `")) {
                continue;
            }
            String[] cells = row.split("\\|");
            List<String> keys = codes(cells[1]);
            List<String> defaults = codes(cells[2]);
            for (int i = 0; i < keys.size(); i++) {
                String dflt = defaults.size() == keys.size() ? defaults.get(i) : null;
                documented.put(keys.get(i), dflt);
                if (dflt != null
                        && job.containsKey(keys.get(i))
                        && !dflt.equals(job.get(keys.get(i)))) {
                    wrongDefaults.add(
                            keys.get(i) + ": README " + dflt + ", job " + job.get(keys.get(i)));
                }
            }
        }
        TreeSet<String> missing = new TreeSet<>(job.keySet());
        missing.removeAll(documented.keySet());
        TreeSet<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeAll(job.keySet());
        unknown.removeIf(k -> k.contains("<")); // a family, such as kafka.client.<property>
        assertEquals(
                List.of(), new ArrayList<>(missing), "settings the README's table does not list");
        assertEquals(
                List.of(),
                new ArrayList<>(unknown),
                "keys in the README's table that are no setting");
        assertEquals(List.of(), wrongDefaults, "defaults that differ");
    }

    private static List<String> codes(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
