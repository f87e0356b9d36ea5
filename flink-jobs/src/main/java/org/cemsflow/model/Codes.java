package org.cemsflow.model;

/** What a code is, for the hourly, daily and mass formulas. */
public final class Codes {
    public static final String O2 = "a19001";
    public static final String AIR_FLOW = "a00000";
    public static final String WATER_FLOW = "w00000";
    public static final String PH = "w01001";

    private Codes() {}

    /** Air pollutants that get an O2-corrected mean: a-codes except flow, stack parameters and O2. */
    public static boolean isAirPollutant(String code) {
        return code.startsWith("a")
                && !code.equals(AIR_FLOW)
                && !code.startsWith("a01")
                && !code.equals(O2);
    }

    public static boolean isWater(String code) {
        return code.startsWith("w");
    }

    /** Water pollutants: w-codes except the effluent flow and pH. */
    public static boolean isWaterPollutant(String code) {
        return isWater(code) && !code.equals(WATER_FLOW) && !code.equals(PH);
    }

    /** A measured concentration corrected to the reference O2: {@code C x (21 - O2_ref) / (21 - O2)}. */
    public static double o2Corrected(double measured, double o2Ref, double o2) {
        return measured * (AIR_O2 - o2Ref) / (AIR_O2 - o2);
    }

    /** The O2 that {@link #o2Corrected} took to {@code corrected}, to within a few ulps. */
    public static double o2Of(double corrected, double measured, double o2Ref) {
        return AIR_O2 - measured * (AIR_O2 - o2Ref) / corrected;
    }

    /** O2 in air, percent: the formula's 21. */
    private static final double AIR_O2 = 21.0;
}
