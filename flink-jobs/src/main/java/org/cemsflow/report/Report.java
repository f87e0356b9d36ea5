package org.cemsflow.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cemsflow.config.Cli;
import org.cemsflow.time.LocalTimes;

/**
 * {@code cemsflow report (--clickhouse URL | --from DIR [--reference DIR]) --month YYYY-MM [--unit U] --out FILE.html}:
 * the monthly report of every unit (or one), read from ClickHouse or from a run-local output
 * directory, as one self-contained HTML file with charts.
 */
public final class Report {
    static final String USAGE = "cemsflow report (--clickhouse URL | --from DIR [--reference DIR]) --month YYYY-MM"
            + " [--unit U] --out FILE.html";

    private Report() {}

    public static void main(String[] args) throws Exception {
        Cli.run("report", USAGE, args, Report::run);
    }

    static void run(Cli cli) throws Exception {
        String clickhouse = null;
        Path from = null;
        Path reference = null;
        String month = null;
        String unit = null;
        Path out = null;
        while (cli.hasNext()) {
            switch (cli.next()) {
                case "--clickhouse" -> clickhouse = cli.value();
                case "--from" -> from = cli.value(Path::of);
                case "--reference" -> reference = cli.value(Path::of);
                case "--month" -> month = cli.value();
                case "--unit" -> unit = cli.value();
                case "--out" -> out = cli.value(Path::of);
                default -> throw cli.unknown();
            }
        }
        if ((clickhouse == null) == (from == null)) {
            throw new Cli.UsageError("give either --clickhouse URL or --from DIR");
        }
        Cli.required(month, "--month");
        Cli.required(out, "--out");
        if (!month.matches("\\d{4}-\\d{2}")) {
            throw new Cli.UsageError("--month '" + month + "' is not YYYY-MM");
        }
        if (from != null && !Files.isDirectory(from)) {
            throw new Cli.UsageError("--from " + from + " is not a directory");
        }
        Path written = write(clickhouse, from, reference, month, unit, out);
        System.out.println("report: " + written.toAbsolutePath());
    }

    /** Reads the month from the source and writes the report; returns its path. */
    public static Path write(String clickhouse, Path from, Path reference, String month, String unit, Path out)
            throws Exception {
        long start = LocalTimes.monthStart(month);
        long end = LocalTimes.nextMonthStart(month);
        ReportData data = clickhouse != null ? ReportSources.fromClickHouse(clickhouse, start, end)
                : ReportSources.fromDirectory(from, reference, start, end);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, ReportHtml.render(data, month, unit), StandardCharsets.UTF_8);
        return out;
    }
}
