/**
 * Exceedances, orders to the unit: hourly means of an air point's main pollutants against the limit
 * in force, three consecutive exceeding hours (CEP and the case tracker share one runs function), a
 * water point's daily mean against its limit, marked hours excluded.
 */
package org.cemsflow.exceedance;
