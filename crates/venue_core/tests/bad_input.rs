use venue_core::*;
fn show<T: serde::de::DeserializeOwned + std::fmt::Debug>(s: &str) {
    match ron::from_str::<T>(s) {
        Ok(_) => println!("OK"),
        Err(e) => println!("{:?}  => {}", e.code, e.span),
    }
}
#[test]
fn scratch() {
    let z = |body: &str| format!("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0{body})");
    show::<Zone>(&z(", clear_heigth: 2"));
    show::<Zone>("(id: \"k\", kind: dinning, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0)");
    show::<Zone>("(id: \"k\", kind: \"cooking\", polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0)");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)])");
    show::<Zone>("(id: 5, kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0)");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0,3),(1,1)], clear_height: 3.0)");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: \"3\")");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0, attributes: {\"a\": [1]})");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: NaN, attributes: {\"a\": inf})");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)] clear_height: 3.0)");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0, id: \"x\")");
    show::<Wall>("(id: \"w\", from: (0,0), to: (1,0), thickness: 0.1, height: 3, openings: [Door((id: \"d\", center: 0.5, width: 1, height: 2))])");
    show::<Wall>("(id: \"w\", from: (0,0), to: (1,0), thickness: 0.1, height: 3, openings: [Dor((id: \"d\", center: 0.5, width: 1, height: 2))])");
    show::<Wall>("(id: \"w\", from: (0,0), to: (1,0), thickness: 0.1, height: 3, openings: [Door((id: \"d\", centre: 0.5, width: 1, height: 2))])");
    show::<Wall>("(id: \"w\", from: (0,0), to: (1,0), thickness: 0.1, height: 3, openings: [Door(id: \"d\", center: 0.5, width: 1, height: 2)])");
    show::<Catalogue>("(format_version: 99999999999, fixtures: {})");
    show::<Catalogue>("(format_version: 1, fixtures: {\"a\": (name: (zh: \"x\", en: \"y\"), category: \"c\", size: (1,1,1), model: \"m\", colour: None)})");
    show::<Condition>("Flg(\"x\")");
    show::<Condition>("Equals(\"x\", [1])");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0, name: Some((zh: \"中文\", en: \"x\", fr: \"y\")))");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0, name: (zh: \"中文\", en: \"x\"))");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0, name: Some((zh: \"中文\", en: \"x\"))");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0, name: Some((zh: \"中文\", en: \"x)))");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 3.0) trailing");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: 1e999)");
    show::<Zone>("(id: \"k\", kind: cooking, polygon: [(0,0),(1,0),(1,1)], clear_height: -3)");
    show::<Check>("ZoneAreaMin(zones: All, min_m2: 3, extra: 1)");
    show::<Check>("ZoneAreaMin(zones: Kinds([dinning]), min_m2: 3)");
    show::<Check>("ZoneAreaMin(zones: All)");
}
