/**
 * The command line: {@code cemsflow} and its subcommands, each defined beside what it runs. No
 * rule lives here.
 */
package org.cemsflow.cli;
