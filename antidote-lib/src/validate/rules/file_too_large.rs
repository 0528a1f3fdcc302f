//! `AD014 file-too-large`: a file of a lesson is larger than `limits.file_bytes` (default 32 MiB).

use crate::validate::{Rule, Severity};

/// `AD014 file-too-large`.
pub static RULE: Rule = Rule {
    code: "AD014",
    name: "file-too-large",
    severity: Severity::Error,
    summary: "A file of a lesson is larger than `limits.file_bytes` (default 32 MiB).",
    why: "Every file of a lesson is read and stored by import and handed to each livelesson's endpoints. A very large file (a disk image, an archive) makes every import and every start of the lesson slow and costly. The finding names the file, its size and the limit. The largest lesson file of NRE Labs is a picture of about 180 KB.",
    example: "lessons/demo/stage0/configs/vqfx1.txt   # 2 GB",
};
