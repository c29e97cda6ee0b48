/**
 * Checks of the deployment files: the systemd and fleet units, the example env files, the launcher, install.sh and
 * the distribution tarball, with the real tools (sh, tar, java, systemd-analyze).
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.units.UnitFileLintTest} and {@link io.kvroute.units.FleetUnitLintTest}: invariants of every
 *       unit, read by {@link io.kvroute.units.UnitFile}</li>
 *   <li>{@link io.kvroute.units.DistributionIT}: the tarball of this build, run from another directory with only a JRE</li>
 *   <li>{@link io.kvroute.units.UnitFlagsIT}: every flag in units and env files exists in {@code kvroute CMD --help}</li>
 *   <li>{@link io.kvroute.units.InstallScriptIT}: install.sh twice, then {@code systemd-analyze verify}</li>
 * </ul>
 */
package io.kvroute.units;
