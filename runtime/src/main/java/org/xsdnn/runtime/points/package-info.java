/**
 * Points (E, θ, ω) to score, from a grid or a CSV file, read and scored a chunk at a time so that memory stays
 * flat at any number of points and results can be written as soon as the first chunk is scored.
 */
package org.xsdnn.runtime.points;
