/**
 * The permitted annual quantity per unit and pollutant: monthly mass from hourly means, gaps filled
 * (manual substitutes, else the rule for short and long gaps), a notice at quota.warn-ratio (80 %)
 * and a lead at quota.confirm-ratio (100 %).
 */
package org.cemsflow.quota;
