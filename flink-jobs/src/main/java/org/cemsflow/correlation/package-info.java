/**
 * Correlation anomalies, leads for the regulator: treatment not running while production runs
 * (分表计电), data missing while producing, constant, zero and sudden values, load decoupling, declared
 * stop but running, conversion mismatch. One lead per device and condition (an episode), retracted
 * when new data undo it.
 */
package org.cemsflow.correlation;
