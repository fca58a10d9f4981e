package org.xsdnn.trainer;

/** Per hidden layer, the mean and population variance of the batch-norm input over the training set. */
public record BatchNormStatistics(float[][] mean, float[][] variance) {}
