//! SMS segmentation (GSM-7 / UCS-2), see `segment()`.
