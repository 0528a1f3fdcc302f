//! `/exp`: the original paths and JSON shapes antidote-web uses, field by field.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{acker, call, config, served};

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

/// antidote-web posts JSON as text/plain.
const WEB: &str = "text/plain;charset=UTF-8";

#[tokio::test]
async fn antidote_web_session_and_livelesson_flow() {
    let s = served(config()).await;
    let _scheduler = acker(&s).await;
    let session = call(&s.app, "POST", "/exp/livesession")
        .body(WEB, "{}")
        .send()
        .await;
    assert_eq!(session.status, StatusCode::OK);
    assert_eq!(keys(&session.body), ["ID"]);
    let sid = session.body["ID"].as_str().unwrap().to_owned();

    let body = json!({"lessonSlug": "network-config-basics", "lessonStage": 0, "sessionId": sid});
    let ll = call(&s.app, "POST", "/exp/livelesson")
        .body(WEB, body.to_string())
        .send()
        .await;
    assert_eq!(ll.status, StatusCode::OK, "{}", ll.body);
    assert_eq!(keys(&ll.body), ["id"]);
    let id = ll.body["id"].as_str().unwrap().to_owned();
    // The same lesson again (a page reload): the same livelesson.
    let again = call(&s.app, "POST", "/exp/livelesson")
        .body(WEB, body.to_string())
        .send()
        .await;
    assert_eq!(again.body["id"], id.as_str());
    // `lessonStage: null` is stage 0, as in the original.
    let null_stage =
        json!({"lessonSlug": "network-config-basics", "lessonStage": null, "sessionId": sid});
    let n = call(&s.app, "POST", "/exp/livelesson")
        .body(WEB, null_stage.to_string())
        .send()
        .await;
    assert_eq!(n.body["id"], id.as_str());

    let got = call(&s.app, "GET", &format!("/exp/livelesson/{id}"))
        .send()
        .await;
    assert_eq!(got.status, StatusCode::OK);
    let l = &got.body;
    assert_eq!(
        keys(l),
        [
            "AntidoteID",
            "CreatedTime",
            "CurrentStage",
            "Diagram",
            "Error",
            "GuideContents",
            "GuideDomain",
            "GuideType",
            "HealthyTests",
            "ID",
            "LastActiveTime",
            "LessonSlug",
            "LiveEndpoints",
            "Objectives",
            "Preview",
            "SessionID",
            "StageVideo",
            "Status",
            "TotalTests",
            "Video",
        ]
    );
    assert_eq!(l["ID"], id.as_str());
    assert_eq!(l["SessionID"], sid.as_str());
    assert_eq!(l["AntidoteID"], "antidote");
    assert_eq!(l["LessonSlug"], "network-config-basics");
    assert_eq!(l["CurrentStage"], 0);
    assert_eq!(l["GuideType"], "markdown");
    assert!(
        l["GuideContents"].as_str().unwrap().contains('#'),
        "the stage's markdown"
    );
    assert_eq!(l["Status"], "INITIALIZED");
    assert_eq!(l["Error"], false);
    assert_eq!(l["HealthyTests"], 0);
    let lesson = s
        .state
        .store
        .lesson("network-config-basics")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(l["TotalTests"], lesson.endpoints.len());
    assert!(l["CreatedTime"].as_str().unwrap().ends_with('Z'));
    // LiveEndpoints is a map keyed by endpoint name, with the fields antidote-web draws.
    let eps = l["LiveEndpoints"].as_object().unwrap();
    assert_eq!(eps.len(), lesson.endpoints.len());
    for e in &lesson.endpoints {
        let ep = &eps[&e.name];
        assert_eq!(
            keys(ep),
            [
                "Host",
                "Image",
                "LivePresentations",
                "Name",
                "Ports",
                "SSHPassword",
                "SSHUser"
            ]
        );
        assert_eq!(ep["Name"], e.name.as_str());
        assert_eq!(ep["Image"], e.image.as_str());
        let pres = ep["LivePresentations"].as_array().unwrap();
        assert_eq!(pres.len(), e.presentations.len());
        for (p, want) in pres.iter().zip(&e.presentations) {
            assert_eq!(keys(p), ["HepDomain", "Name", "Port", "Type"]);
            assert_eq!(p["Name"], want.name.as_str());
            assert_eq!(p["Port"], want.port);
        }
    }
    let image = s.state.cache.get().await.unwrap().images[&lesson.endpoints[0].image].clone();
    assert_eq!(
        eps[&lesson.endpoints[0].name]["SSHUser"],
        image.ssh_user.as_str()
    );

    // A stage change is a new request with another lessonStage.
    let stage1 = json!({"lessonSlug": "network-config-basics", "lessonStage": 1, "sessionId": sid});
    let moved = call(&s.app, "POST", "/exp/livelesson")
        .body(WEB, stage1.to_string())
        .send()
        .await;
    assert_eq!(moved.body["id"], id.as_str());
    let got = call(&s.app, "GET", &format!("/exp/livelesson/{id}"))
        .send()
        .await;
    assert_eq!(got.body["CurrentStage"], 1);

    // Where a backend publishes presentations on other ports (the Docker backend), the front
    // end is given the host and the published port.
    let store = &s.state.store;
    let claimed = store
        .claim_livelessons("test-owner", 60_000, 10)
        .await
        .unwrap();
    assert!(claimed.contains(&id), "{claimed:?}");
    let first = &lesson.endpoints[0];
    let published = json!([{
        "name": first.name, "host": "127.0.0.1", "ready": true,
        "access": [{"presentation": first.presentations[0].name, "type": "ssh", "host": "127.0.0.1", "port": 49153}],
    }]);
    assert!(
        store
            .set_livelesson_endpoints(&id, "test-owner", &published, false)
            .await
            .unwrap()
    );
    let got = call(&s.app, "GET", &format!("/exp/livelesson/{id}"))
        .send()
        .await;
    let ep = &got.body["LiveEndpoints"][&first.name];
    assert_eq!(ep["Host"], "127.0.0.1");
    assert_eq!(ep["LivePresentations"][0]["Port"], 49153);
    // Endpoints without published ports keep their own.
    let other = &lesson.endpoints[1];
    assert_eq!(
        got.body["LiveEndpoints"][&other.name]["LivePresentations"][0]["Port"],
        other.presentations[0].port
    );
}

fn assert_exp_error(a: &crate::support::Answer, status: StatusCode, code: i64, text: &str) {
    assert_eq!(a.status, status, "{}", a.body);
    assert_eq!(keys(&a.body), ["code", "error", "message"]);
    assert_eq!(a.body["code"], code);
    assert_eq!(a.body["error"], a.body["message"]);
    let message = a.body["message"].as_str().unwrap();
    assert!(message.contains(text), "{message:?} lacks {text:?}");
}

#[tokio::test]
async fn exp_errors_have_the_originals_shape_and_are_not_its_defects() {
    let s = served(config()).await;
    let _scheduler = acker(&s).await;
    let sid = call(&s.app, "POST", "/exp/livesession")
        .body(WEB, "{}")
        .send()
        .await
        .body["ID"]
        .as_str()
        .unwrap()
        .to_owned();
    let post = |body: Value| {
        call(&s.app, "POST", "/exp/livelesson")
            .body(WEB, body.to_string())
            .send()
    };

    // antidote-web looks for this text to renew its session.
    let a =
        post(json!({"lessonSlug": "shell-first-steps", "lessonStage": 0, "sessionId": "stale"}))
            .await;
    assert_exp_error(&a, StatusCode::BAD_REQUEST, 3, "Invalid session ID");
    let a =
        post(json!({"lessonSlug": "shell-first-steps", "lessonStage": -1, "sessionId": sid})).await;
    assert_exp_error(&a, StatusCode::BAD_REQUEST, 3, "stage -1 does not exist");
    let a = post(json!({"lessonSlug": "nope", "lessonStage": 0, "sessionId": sid})).await;
    assert_exp_error(&a, StatusCode::NOT_FOUND, 5, "nope");
    let a = post(json!({"lessonStage": 0, "sessionId": sid})).await;
    assert_exp_error(&a, StatusCode::BAD_REQUEST, 3, "lessonSlug");
    let a = call(&s.app, "POST", "/exp/livelesson")
        .body(WEB, "lessonSlug=x")
        .send()
        .await;
    assert_exp_error(&a, StatusCode::BAD_REQUEST, 3, "invalid JSON body");
    let a = call(
        &s.app,
        "GET",
        "/exp/livelesson/0123456789abcdef0123456789abcdef",
    )
    .send()
    .await;
    assert_exp_error(&a, StatusCode::NOT_FOUND, 5, "no livelesson");
    let a = call(&s.app, "GET", "/exp/lesson/nope").send().await;
    assert_exp_error(
        &a,
        StatusCode::NOT_FOUND,
        5,
        "Couldn't find lesson slug 'nope'",
    );
    let a = call(&s.app, "GET", "/exp/lesson/nope/prereqs").send().await;
    assert_exp_error(&a, StatusCode::NOT_FOUND, 5, "nope");
    let a = call(&s.app, "GET", "/exp/collection/nope").send().await;
    assert_exp_error(&a, StatusCode::NOT_FOUND, 5, "nope");
    let a = call(&s.app, "GET", "/exp/nope").send().await;
    assert_exp_error(&a, StatusCode::NOT_FOUND, 5, "no such path");
    let a = call(&s.app, "GET", "/exp/livesession").send().await;
    assert_exp_error(
        &a,
        StatusCode::METHOD_NOT_ALLOWED,
        12,
        "does not take that method",
    );
    // Any content type is read as JSON, as the original did; unknown keys are ignored.
    let body =
        json!({"lessonSlug": "shell-first-steps", "lessonStage": 0, "sessionId": sid, "future": 1});
    let a = call(&s.app, "POST", "/exp/livelesson")
        .body("application/x-www-form-urlencoded", body.to_string())
        .send()
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

#[tokio::test]
async fn a_failed_livelesson_stops_antidote_webs_polling_with_the_reason() {
    let s = served(config()).await;
    let sid = call(&s.app, "POST", "/exp/livesession")
        .body(WEB, "{}")
        .send()
        .await
        .body["ID"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = json!({"lessonSlug": "shell-first-steps", "lessonStage": 0, "sessionId": sid});
    let ll = call(&s.app, "POST", "/exp/livelesson")
        .body(WEB, body.to_string())
        .send()
        .await;
    let id = ll.body["id"].as_str().unwrap();
    let a = call(&s.app, "GET", &format!("/exp/livelesson/{id}"))
        .send()
        .await;
    assert_exp_error(
        &a,
        StatusCode::SERVICE_UNAVAILABLE,
        14,
        "no scheduler is running",
    );
}

#[tokio::test]
async fn exp_curriculum_shapes() {
    let s = served(config()).await;
    let lessons = call(&s.app, "GET", "/exp/lesson").send().await;
    assert_eq!(keys(&lessons.body), ["lessons"]);
    let all = lessons.body["lessons"].as_array().unwrap();
    assert_eq!(all.len(), 3);
    let l = call(&s.app, "GET", "/exp/lesson/network-config-basics")
        .send()
        .await
        .body;
    assert_eq!(
        all.iter()
            .find(|x| x["Slug"] == "network-config-basics")
            .unwrap(),
        &l
    );
    assert_eq!(
        keys(&l),
        [
            "Authors",
            "Category",
            "Collection",
            "Connections",
            "Description",
            "Diagram",
            "Endpoints",
            "Name",
            "Prereqs",
            "ReadyDelay",
            "ShortDescription",
            "Slug",
            "Stages",
            "Tags",
            "Tier",
            "Video",
        ]
    );
    assert_eq!(l["Slug"], "network-config-basics");
    assert_eq!(l["Tier"], "prod");
    assert_eq!(l["Collection"], "antidote-examples");
    assert_eq!(l["Prereqs"], json!(["shell-first-steps"]));
    assert_eq!(
        keys(&l["Stages"][0]),
        ["Description", "GuideType", "StageVideo"]
    );
    assert_eq!(
        keys(&l["Endpoints"][0]),
        [
            "AdditionalPorts",
            "ConfigurationType",
            "Host",
            "Image",
            "Name",
            "Presentations"
        ]
    );
    assert_eq!(
        keys(&l["Endpoints"][0]["Presentations"][0]),
        ["Name", "Port", "Type"]
    );
    assert_eq!(keys(&l["Authors"][0]), ["Link", "Name"]);
    assert!(!l.to_string().contains("LessonDir"), "no server paths");

    let p = call(&s.app, "GET", "/exp/lesson/web-dashboards/prereqs")
        .send()
        .await
        .body;
    assert_eq!(
        p,
        json!({"prereqs": ["network-config-basics", "shell-first-steps"]})
    );

    let cs = call(&s.app, "GET", "/exp/collection").send().await.body;
    assert_eq!(keys(&cs), ["collections"]);
    let c = call(&s.app, "GET", "/exp/collection/antidote-examples")
        .send()
        .await
        .body;
    assert_eq!(cs["collections"][0], c);
    assert_eq!(
        keys(&c),
        [
            "BriefDescription",
            "ContactEmail",
            "Image",
            "Lessons",
            "LongDescription",
            "Slug",
            "Tier",
            "Title",
            "Type",
            "Website",
        ]
    );
    assert_eq!(
        keys(&c["Lessons"][0]),
        [
            "Description",
            "Name",
            "Slug",
            "lessonDescription",
            "lessonName"
        ]
    );

    let cur = call(&s.app, "GET", "/exp/curriculum").send().await.body;
    assert_eq!(
        keys(&cur),
        ["AVer", "Description", "GitRoot", "Name", "Website"]
    );
    for path in ["/exp/antidoteinfo", "/exp/antidoteInfo"] {
        let info = call(&s.app, "GET", path).send().await.body;
        assert_eq!(
            keys(&info),
            ["buildSha", "buildVersion", "curriculumVersion"],
            "{path}"
        );
        assert_eq!(info["buildVersion"], env!("CARGO_PKG_VERSION"));
    }
}
