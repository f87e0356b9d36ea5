package org.cemsflow.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pollutant and parameter codes of HJ 212-2017 that the job knows by name, with their HJ/T
 * 212-2005 codes and units as sent: the dictionary of the analysts' views and of the report.
 * Unknown codes are still carried everywhere, just without a name.
 */
public final class Pollutants {
    /** One code of the dictionary. */
    public record Pollutant(
            String code, String code2005, String nameZh, String nameEn, String unit) {}

    private static final Map<String, Pollutant> BY_CODE = new LinkedHashMap<>();

    static {
        add("a34013", "01", "颗粒物（烟尘）", "particulate matter (smoke dust)", "mg/m3");
        add("a21026", "02", "二氧化硫", "SO2", "mg/m3");
        add("a21002", "03", "氮氧化物", "NOx", "mg/m3");
        add("a21005", "04", "一氧化碳", "CO", "mg/m3");
        add("a19001", "S01", "氧含量", "O2", "%");
        add("a01011", "S02", "烟气流速", "flue-gas velocity", "m/s");
        add("a01012", "S03", "烟气温度", "flue-gas temperature", "°C");
        add("a01017", "S04", "烟气动压", "dynamic pressure", "Pa");
        add("a01014", "S05", "烟气湿度", "flue-gas humidity", "%");
        add("a01016", "S07", "烟道截面积", "duct cross-section", "m2");
        add("a01013", "S08", "烟气静压", "static pressure", "kPa");
        add("a00000", "B02", "烟气流量", "flue-gas flow", "m3/s");
        add("w00000", "B01", "污水流量", "effluent flow", "L/s");
        add("w01018", "011", "化学需氧量", "COD", "mg/L");
        add("w21003", "060", "氨氮", "ammonia nitrogen", "mg/L");
        add("w21011", "101", "总磷", "total phosphorus", "mg/L");
        add("w21001", "065", "总氮", "total nitrogen", "mg/L");
        add("w01001", "001", "pH值", "pH", "");
        add("w01012", "003", "悬浮物", "suspended solids", "mg/L");
    }

    private Pollutants() {}

    private static void add(String code, String code2005, String zh, String en, String unit) {
        BY_CODE.put(code, new Pollutant(code, code2005, zh, en, unit));
    }

    /** Every code of the dictionary, in a fixed order. */
    public static Iterable<Pollutant> all() {
        return BY_CODE.values();
    }

    /** The code's entry, or null for a code the dictionary does not name. */
    public static Pollutant of(String code) {
        return BY_CODE.get(code);
    }

    /** "二氧化硫 SO2 (a21026)", or the code alone. */
    public static String label(String code) {
        Pollutant p = BY_CODE.get(code);
        return p == null ? code : p.nameZh() + " " + p.nameEn() + " (" + code + ")";
    }
}
