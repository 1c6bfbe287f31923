package dev.fvd.datasets;

/** Whether a dataset holds videos or still images (an image is a 1-frame clip). */
public enum MediaKind { VIDEO, IMAGE }
