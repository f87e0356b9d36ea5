package org.cemsflow.reference;

import java.io.Serializable;

/** One row of permits.csv: a unit's permitted annual mass of a pollutant, and since when it applies. */
public class Permit implements Serializable {
    private static final long serialVersionUID = 1L;

    public String unitId;
    public String pollutant;
    public int year;
    public double permittedKg;

    /** Epoch milliseconds from which this permit applies; null = the whole year. */
    public Long validFrom;

    public Permit() {}

    public Permit(String unitId, String pollutant, int year, double permittedKg, Long validFrom) {
        this.unitId = unitId;
        this.pollutant = pollutant;
        this.year = year;
        this.permittedKg = permittedKg;
        this.validFrom = validFrom;
    }
}
