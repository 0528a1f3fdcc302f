//! A lesson's files as one archive, and the tokens that let a livelesson's pods fetch them.
//!
//! Backends that copy files into containers (the Docker backend) and the API's internal files
//! endpoint (what the Kubernetes backend's init containers fetch) send the same tar archive:
//! directories first, files with mode 0755 when they are scripts (`#!` or `.sh`), else 0644.
//!
//! A files token is valid for one livelesson of one instance: it is derived from the
//! operator's key (`kubernetes.files_key`) with BLAKE3 in keyed mode, so the API checks it
//! without storing it, and it is worthless once the livelesson's row is gone.

use std::collections::BTreeSet;

use futures_util::future::try_join_all;

use super::{LessonFiles, ProvisionError};
use crate::config::Secret;

/// A tar archive of `files` (paths relative to `/`), with their directories.
pub fn tar_of(files: &[(String, Vec<u8>)]) -> Result<bytes::Bytes, ProvisionError> {
    let mut builder = tar::Builder::new(Vec::new());
    let mut dirs = BTreeSet::new();
    let failed = |e: std::io::Error| {
        ProvisionError::permanent(format!("the lesson's files cannot be packed: {e}"))
    };
    for (path, content) in files {
        let mut at = String::new();
        for part in path
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map_or(&[][..], |(_, d)| d)
        {
            at.push_str(part);
            at.push('/');
            if dirs.insert(at.clone()) {
                let mut header = tar::Header::new_gnu();
                header.set_entry_type(tar::EntryType::Directory);
                header.set_mode(0o755);
                header.set_size(0);
                builder
                    .append_data(&mut header, &at, std::io::empty())
                    .map_err(failed)?;
            }
        }
        let mut header = tar::Header::new_gnu();
        header.set_size(content.len() as u64);
        let executable = path.ends_with(".sh") || content.starts_with(b"#!");
        header.set_mode(if executable { 0o755 } else { 0o644 });
        builder
            .append_data(&mut header, path, content.as_slice())
            .map_err(failed)?;
    }
    builder.into_inner().map(bytes::Bytes::from).map_err(failed)
}

/// Every file of `files`, read once, each path prefixed with `prefix` (`antidote/`, or empty).
pub async fn read_all(
    files: &dyn LessonFiles,
    prefix: &str,
) -> Result<Vec<(String, Vec<u8>)>, ProvisionError> {
    let paths = files.paths();
    let contents = try_join_all(paths.iter().map(|p| files.read(p))).await?;
    Ok(paths
        .into_iter()
        .map(|p| format!("{prefix}{p}"))
        .zip(contents)
        .collect())
}

/// The token that fetches the files of livelesson `livelesson` of `instance`.
pub fn token(key: &Secret, instance: &str, livelesson: &str) -> Secret {
    Secret::from(mac(key, instance, livelesson).to_hex().to_string())
}

/// Whether `given` is the token of livelesson `livelesson` of `instance` (compared in
/// constant time).
pub fn token_is_valid(key: &Secret, instance: &str, livelesson: &str, given: &str) -> bool {
    blake3::Hash::from_hex(given).is_ok_and(|h| h == mac(key, instance, livelesson))
}

fn mac(key: &Secret, instance: &str, livelesson: &str) -> blake3::Hash {
    let key = blake3::derive_key(
        "antidote livelesson files token v1",
        key.expose().as_bytes(),
    );
    blake3::keyed_hash(&key, format!("{instance}\n{livelesson}").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_holds_directories_and_files_with_modes() {
        let tar = tar_of(&[
            ("antidote/stage0/guide.md".into(), b"# hi".to_vec()),
            (
                "antidote/stage0/configs/r1.py".into(),
                b"#!/usr/bin/env python3".to_vec(),
            ),
        ])
        .unwrap();
        let mut archive = tar::Archive::new(tar.as_ref());
        let entries: Vec<(String, u32)> = archive
            .entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.path().unwrap().display().to_string(),
                    e.header().mode().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            entries,
            [
                ("antidote/".to_owned(), 0o755),
                ("antidote/stage0/".to_owned(), 0o755),
                ("antidote/stage0/guide.md".to_owned(), 0o644),
                ("antidote/stage0/configs/".to_owned(), 0o755),
                ("antidote/stage0/configs/r1.py".to_owned(), 0o755),
            ]
        );
    }

    #[test]
    fn tokens_are_per_livelesson_instance_and_key() {
        let key = Secret::from("k".repeat(32));
        let t = token(&key, "antidote", "l1");
        assert!(token_is_valid(&key, "antidote", "l1", t.expose()));
        assert!(!token_is_valid(&key, "antidote", "l2", t.expose()));
        assert!(!token_is_valid(&key, "other", "l1", t.expose()));
        assert!(!token_is_valid(
            &Secret::from("j".repeat(32)),
            "antidote",
            "l1",
            t.expose()
        ));
        assert!(!token_is_valid(&key, "antidote", "l1", "nonsense"));
        assert_eq!(t.expose().len(), 64);
        assert_eq!(format!("{t}"), "***");
    }
}
