package org.cemsflow.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.cemsflow.config.Commands;
import org.cemsflow.time.LocalTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cemsflow report (--clickhouse URL | --from DIR [--reference DIR]) --month YYYY-MM [--unit U] --out FILE.html}:
 * the monthly report of every unit (or one), read from ClickHouse or from a run-local output
 * directory, as one self-contained HTML file with charts.
 */
public final class Report {
    private Report() {}

    /** {@code cemsflow report}. */
    @Command(
            name = "report",
            description =
                    "The monthly report with charts, one HTML file, from ClickHouse or from run-local's outputs.")
    public static final class Cmd implements Callable<Integer> {
        @Mixin Commands.HelpOption help;

        @Option(
                names = "--clickhouse",
                paramLabel = "URL",
                description = "read the tables of this ClickHouse")
        String clickhouse;

        @Option(
                names = "--from",
                paramLabel = "DIR",
                description = "read run-local's output directory")
        Path from;

        @Option(
                names = "--reference",
                paramLabel = "DIR",
                description = "with --from: the reference, for names and limits")
        Path reference;

        @Option(
                names = "--month",
                required = true,
                paramLabel = "YYYY-MM",
                description = "the month")
        String month;

        @Option(names = "--unit", paramLabel = "U", description = "one unit (default: every unit)")
        String unit;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "FILE.html",
                description = "the report")
        Path out;

        @Override
        public Integer call() throws Exception {
            if ((clickhouse == null) == (from == null)) {
                throw new Commands.UsageError("give either --clickhouse URL or --from DIR");
            }
            if (!month.matches("\\d{4}-\\d{2}")) {
                throw new Commands.UsageError("--month '" + month + "' is not YYYY-MM");
            }
            if (from != null && !Files.isDirectory(from)) {
                throw new Commands.UsageError("--from " + from + " is not a directory");
            }
            Path written = write(clickhouse, from, reference, month, unit, out);
            System.out.println("report: " + written.toAbsolutePath());
            return Commands.OK;
        }
    }

    public static void main(String[] args) {
        Commands.main(new Cmd(), args);
    }

    /** Reads the month from the source and writes the report; returns its path. */
    public static Path write(
            String clickhouse, Path from, Path reference, String month, String unit, Path out)
            throws Exception {
        long start = LocalTimes.monthStart(month);
        long end = LocalTimes.nextMonthStart(month);
        ReportData data =
                clickhouse != null
                        ? ReportSources.fromClickHouse(clickhouse, start, end)
                        : ReportSources.fromDirectory(from, reference, start, end);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, ReportHtml.render(data, month, unit), StandardCharsets.UTF_8);
        return out;
    }
}
