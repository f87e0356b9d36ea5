/**
 * The settings of the job (defaults, validation at start, the channel of each alert type), the
 * Flink options they become without overriding the cluster's, and the command lines of the tools.
 */
package org.cemsflow.config;
