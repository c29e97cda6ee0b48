/**
 * Checks of the source tree across all modules, run with the units module because it builds last and depends on
 * no module's classes: they read the {@code src/main/java} trees as text.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.structure.MainTypeNamesTest}: no two top-level types of main code share a simple name,
 *       so a name says which class is meant without its package.</li>
 *   <li>{@link io.kvroute.structure.MainSources}: every module's main Java files and the top-level types each
 *       declares.</li>
 * </ul>
 */
package io.kvroute.structure;
