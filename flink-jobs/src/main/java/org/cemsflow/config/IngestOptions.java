package org.cemsflow.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;

/** Ingestion: event time (watermarks, late and future data), split packets, meter codes and the reference data. */
public final class IngestOptions {
    private IngestOptions() {}

    public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
            OptionDefs.duration(
                    "watermark.out-of-orderness",
                    "PT1H",
                    "bounded out-of-orderness of the event-time watermark");

    public static final ConfigOption<Duration> WATERMARK_IDLENESS =
            OptionDefs.duration(
                    "watermark.idleness",
                    "PT1M",
                    "a source partition silent this long does not hold back event time");

    public static final ConfigOption<Duration> MAX_FUTURE =
            OptionDefs.duration(
                    "ingest.max-future",
                    "PT10M",
                    "a data upload dated more than this after the wall clock is BAD_TIMESTAMP");

    public static final ConfigOption<Duration> REASSEMBLY_TIMEOUT =
            OptionDefs.duration(
                    "ingest.reassembly-timeout",
                    "PT10M",
                    "a split packet (PNUM/PNO) not whole this long after its first part is a dead letter INCOMPLETE");

    public static final ConfigOption<String> POWER_CODE =
            OptionDefs.text("meter.power-code", "e10001", "meter code of active power, kW");

    public static final ConfigOption<String> ENERGY_CODE =
            OptionDefs.text("meter.energy-code", "e10002", "meter code of energy, kWh");

    public static final ConfigOption<String> WATER_CODE =
            OptionDefs.text("meter.water-code", "w00000", "meter code of water flow");

    public static final ConfigOption<String> REFERENCE_DIR =
            OptionDefs.text(
                    "reference.dir",
                    "",
                    "directory with points.csv, limits.csv, permits.csv, meters.csv");

    public static final ConfigOption<Boolean> ACCEPT_UNKNOWN =
            OptionDefs.bool(
                    "reference.accept-unknown", false, "accept unknown MNs as points of their own");
}
