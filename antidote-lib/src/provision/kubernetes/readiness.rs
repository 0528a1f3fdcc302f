//! What a pod's status says about its endpoint: up (Ready), still coming, or never going to
//! come up, with a reason a learner can read. Image pull errors, crash loops, containers that
//! cannot be made and unschedulable pods are found from the first status that shows them,
//! not after the endpoint timeout (the original waited 300 s for phase `Running`, and counted
//! a crash-looping container as running).

use k8s_openapi::api::core::v1::{ContainerStatus, Pod};

/// One pod's state, as the backend reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodState {
    /// Its Ready condition is true.
    Ready,
    /// Not ready yet; waiting may help.
    Coming,
    /// It will not come up by waiting: why, for the learner.
    Broken(String),
}

/// Reasons of a waiting container that mean its image cannot be pulled.
const PULL_ERRORS: [&str; 4] = [
    "ErrImagePull",
    "ImagePullBackOff",
    "InvalidImageName",
    "ErrImageNeverPull",
];

/// Reasons of a waiting container that mean it cannot be made as specified.
const CONFIG_ERRORS: [&str; 3] = [
    "CreateContainerConfigError",
    "CreateContainerError",
    "RunContainerError",
];

/// The state of `pod`, the pod of endpoint `endpoint` (`what` names it in reasons: "endpoint
/// `vqfx1`", "the jupyter guide").
pub fn pod_state(pod: &Pod, what: &str) -> PodState {
    let Some(status) = &pod.status else {
        return PodState::Coming;
    };
    if pod.metadata.deletion_timestamp.is_some() {
        return PodState::Coming;
    }
    if let Some(reason) = stuck(pod, what) {
        return PodState::Broken(reason);
    }
    if let Some(phase @ ("Failed" | "Succeeded")) = status.phase.as_deref() {
        return PodState::Broken(format!(
            "{what} stopped (pod phase {phase}){}",
            status
                .message
                .as_deref()
                .map(|m| format!(": {}", m.trim()))
                .unwrap_or_default()
        ));
    }
    let conditions = status.conditions.as_deref().unwrap_or_default();
    if conditions
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True")
    {
        PodState::Ready
    } else {
        PodState::Coming
    }
}

/// Why `pod` cannot start, whatever its restart policy: no node takes it, an image cannot be
/// pulled, a container cannot be made, or one keeps crashing.
pub fn stuck(pod: &Pod, what: &str) -> Option<String> {
    let status = pod.status.as_ref()?;
    let conditions = status.conditions.as_deref().unwrap_or_default();
    if let Some(c) = conditions
        .iter()
        .find(|c| c.type_ == "PodScheduled" && c.status == "False")
        && c.reason.as_deref() == Some("Unschedulable")
    {
        return Some(format!(
            "{what} cannot be scheduled on any node of the cluster: {}",
            c.message.as_deref().unwrap_or("no reason given").trim()
        ));
    }
    let init = status
        .init_container_statuses
        .as_deref()
        .unwrap_or_default();
    let main = status.container_statuses.as_deref().unwrap_or_default();
    init.iter()
        .find_map(|c| broken_container(c, what, true))
        .or_else(|| main.iter().find_map(|c| broken_container(c, what, false)))
}

fn broken_container(c: &ContainerStatus, what: &str, init: bool) -> Option<String> {
    let waiting = c.state.as_ref()?.waiting.as_ref()?;
    let reason = waiting.reason.as_deref().unwrap_or_default();
    let message = waiting.message.as_deref().unwrap_or_default().trim();
    if PULL_ERRORS.contains(&reason) {
        // Only what waiting cannot fix: a registry that is slow or limits its rate is tried
        // again by the kubelet.
        let cause = pull_cause(message, reason)?;
        return Some(format!(
            "image {} of {what} cannot be pulled: {cause}",
            short_image(&c.image)
        ));
    }
    // A Secret or ConfigMap made a moment after the pod: the kubelet tries again.
    if CONFIG_ERRORS.contains(&reason) && !message.contains("not found") {
        return Some(format!(
            "{what} cannot be started: {}",
            if message.is_empty() { reason } else { message }
        ));
    }
    // A container that crashed once may have met a passing trouble; twice, it will not come
    // up (the files' init container already tried five times before it exits).
    if reason == "CrashLoopBackOff" && (init || c.restart_count >= 2) {
        let last = c.last_state.as_ref().and_then(|s| s.terminated.as_ref());
        let code = last.map_or_else(String::new, |t| format!(", last exit code {}", t.exit_code));
        let said = last
            .and_then(|t| t.message.as_deref().or(t.reason.as_deref()))
            .map(|m| format!(": {}", tail(m)))
            .unwrap_or_default();
        return Some(if init {
            format!(
                "the lesson's files could not be fetched for {what} (restarted {} times{code}){said}: check kubernetes.files_url, kubernetes.files_key, and that the NetworkPolicy lets lesson pods reach the API's pods (kubernetes.platform_namespace, kubernetes.api_pod_labels)",
                c.restart_count
            )
        } else {
            format!(
                "{what} keeps crashing (restarted {} times{code}){said}: its image's command must keep running",
                c.restart_count
            )
        });
    }
    None
}

/// An image reference without the default registry that kubelets add (`docker.io/`).
fn short_image(image: &str) -> &str {
    image
        .strip_prefix("docker.io/library/")
        .or_else(|| image.strip_prefix("docker.io/"))
        .unwrap_or(image)
}

/// Why a pull failed, in a few words, when waiting cannot fix it (the image is not there,
/// access is denied, the name is not a reference); `None` for what may pass (a registry that
/// is slow, down, or limits its rate).
fn pull_cause(message: &str, reason: &str) -> Option<String> {
    let m = message.to_ascii_lowercase();
    if reason == "InvalidImageName" {
        Some("the name is not a valid image reference".into())
    } else if reason == "ErrImageNeverPull" {
        Some("it is not on the node and the pull policy is Never".into())
    } else if m.contains("not found")
        || m.contains("manifest unknown")
        || m.contains("does not exist")
    {
        Some("not found".into())
    } else if m.contains("unauthorized")
        || m.contains("denied")
        || m.contains("authentication required")
    {
        Some("access denied (is kubernetes.pull_secret set and valid?)".into())
    } else {
        None
    }
}

/// The end of a long message (at most 200 characters).
fn tail(message: &str) -> String {
    let chars: Vec<char> = message.trim().chars().collect();
    if chars.len() > 200 {
        format!(
            "...{}",
            chars[chars.len() - 200..].iter().collect::<String>()
        )
    } else {
        chars.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(status: serde_json::Value) -> Pod {
        serde_json::from_value(json!({"metadata": {"name": "p"}, "status": status})).unwrap()
    }

    #[test]
    fn ready_coming_and_each_way_of_never_coming() {
        assert_eq!(pod_state(&pod(json!({})), "endpoint `a`"), PodState::Coming);
        let ready =
            pod(json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}));
        assert_eq!(pod_state(&ready, "endpoint `a`"), PodState::Ready);

        let pull = pod(json!({"phase": "Pending", "containerStatuses": [{
            "name": "vqfx1", "image": "docker.io/antidotelabs/vqfx:1.2", "imageID": "", "ready": false, "restartCount": 0,
            "state": {"waiting": {"reason": "ErrImagePull", "message": "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/antidotelabs/vqfx:1.2\": docker.io/antidotelabs/vqfx:1.2: not found"}}
        }]}));
        assert_eq!(
            pod_state(&pull, "endpoint `vqfx1`"),
            PodState::Broken(
                "image antidotelabs/vqfx:1.2 of endpoint `vqfx1` cannot be pulled: not found"
                    .into()
            )
        );

        let denied = pod(json!({"containerStatuses": [{
            "name": "a", "image": "registry.example/x:1", "imageID": "", "ready": false, "restartCount": 0,
            "state": {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image: 401 Unauthorized"}}
        }]}));
        let PodState::Broken(r) = pod_state(&denied, "endpoint `a`") else {
            panic!()
        };
        assert!(
            r.contains("registry.example/x:1") && r.contains("access denied"),
            "{r}"
        );

        let crash = pod(json!({"phase": "Running", "containerStatuses": [{
            "name": "a", "image": "x", "imageID": "", "ready": false, "restartCount": 4,
            "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s"}},
            "lastState": {"terminated": {"exitCode": 127, "message": "exec: sshd: not found"}}
        }]}));
        assert_eq!(
            pod_state(&crash, "endpoint `a`"),
            PodState::Broken("endpoint `a` keeps crashing (restarted 4 times, last exit code 127): exec: sshd: not found: its image's command must keep running".into())
        );

        let init = pod(json!({"initContainerStatuses": [{
            "name": "files", "image": "busybox:1.37", "imageID": "", "ready": false, "restartCount": 2,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}
        }]}));
        let PodState::Broken(r) = pod_state(&init, "endpoint `a`") else {
            panic!()
        };
        assert!(
            r.starts_with("the lesson's files could not be fetched for endpoint `a`"),
            "{r}"
        );

        // What may pass: a registry's rate limit, a first crash.
        let limited = pod(json!({"containerStatuses": [{
            "name": "a", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
            "state": {"waiting": {"reason": "ErrImagePull", "message": "429 Too Many Requests: toomanyrequests: You have reached your pull rate limit"}}
        }]}));
        assert_eq!(pod_state(&limited, "endpoint `a`"), PodState::Coming);
        let once = pod(json!({"phase": "Running", "containerStatuses": [{
            "name": "a", "image": "x", "imageID": "", "ready": false, "restartCount": 1,
            "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 10s"}}
        }]}));
        assert_eq!(pod_state(&once, "endpoint `a`"), PodState::Coming);

        let unschedulable = pod(json!({"phase": "Pending", "conditions": [{
            "type": "PodScheduled", "status": "False", "reason": "Unschedulable",
            "message": "0/3 nodes are available: 3 Insufficient memory."
        }]}));
        assert_eq!(
            pod_state(&unschedulable, "endpoint `a`"),
            PodState::Broken("endpoint `a` cannot be scheduled on any node of the cluster: 0/3 nodes are available: 3 Insufficient memory.".into())
        );

        // A Secret not made yet: the kubelet tries again. A container that cannot be made
        // as it is: never.
        let config = pod(json!({"containerStatuses": [{
            "name": "a", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
            "state": {"waiting": {"reason": "CreateContainerConfigError", "message": "secret \"antidote-credentials\" not found"}}
        }]}));
        assert_eq!(pod_state(&config, "endpoint `a`"), PodState::Coming);
        let config = pod(json!({"containerStatuses": [{
            "name": "a", "image": "x", "imageID": "", "ready": false, "restartCount": 0,
            "state": {"waiting": {"reason": "CreateContainerError", "message": "container create failed: setns: invalid argument"}}
        }]}));
        assert_eq!(
            pod_state(&config, "endpoint `a`"),
            PodState::Broken(
                "endpoint `a` cannot be started: container create failed: setns: invalid argument"
                    .into()
            )
        );
    }
}
