//! jq's `*` on two JSON documents, the merge gonka's `init-docker-genesis.sh`
//! (`modify_genesis_file`: `jq ". * input" genesis.json <file>`) applies to `denom.json`,
//! `genesis-overrides.json` and `$HOME/.inference/genesis_overrides.json`.
//!
//! jq's manual (1.7, "Multiplication, division, modulo: `*`, `/`, `%`"): "Multiplying two
//! objects will merge them recursively: this works like addition but if both objects contain a
//! value for the same key, and the values are objects, the two are merged with the same
//! strategy." Addition of objects: "If both objects contain a value for the same key, the
//! object on the right of the `+` wins." So only object-into-object recurses; arrays, strings,
//! numbers, booleans and null on the right replace whatever is on the left (an array of coins
//! in an override is the whole new list, never appended to). jq keeps a key where the left
//! object had it and appends new keys in the right object's order; `serde_json` with
//! `preserve_order` (an insertion-ordered map whose `insert` keeps an existing key's slot) does
//! the same.

use serde_json::{Map, Value};

/// `left * right`, in place.
pub fn merge(left: &mut Value, right: &Value) {
    match (left, right) {
        (Value::Object(l), Value::Object(r)) => merge_objects(l, r),
        (l, r) => *l = r.clone(),
    }
}

fn merge_objects(left: &mut Map<String, Value>, right: &Map<String, Value>) {
    for (key, r) in right {
        match left.get_mut(key) {
            Some(l) => merge(l, r),
            None => {
                left.insert(key.clone(), r.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(l: Value, r: Value) -> Value {
        let mut l = l;
        merge(&mut l, &r);
        l
    }

    fn keys(v: &Value) -> Vec<&str> {
        v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default()
    }

    #[test]
    fn nested_objects_are_merged_key_by_key() {
        let out = merged(
            json!({"app_state": {"gov": {"params": {"quorum": "0.3", "voting_period": "1s"}, "votes": []}}}),
            json!({"app_state": {"gov": {"params": {"voting_period": "48h0m0s"}}}}),
        );
        assert_eq!(
            out,
            json!({"app_state": {"gov": {"params": {"quorum": "0.3", "voting_period": "48h0m0s"}, "votes": []}}})
        );
    }

    #[test]
    fn arrays_are_replaced_not_appended_or_merged_by_index() {
        let out = merged(
            json!({"min_deposit": [{"denom": "a", "amount": "1"}, {"denom": "b", "amount": "2"}]}),
            json!({"min_deposit": [{"amount": "9"}]}),
        );
        assert_eq!(out, json!({"min_deposit": [{"amount": "9"}]}));
        assert_eq!(merged(json!({"a": [1, 2]}), json!({"a": []})), json!({"a": []}));
    }

    #[test]
    fn scalars_and_null_on_the_right_replace() {
        assert_eq!(merged(json!({"a": "x"}), json!({"a": 5})), json!({"a": 5}));
        assert_eq!(merged(json!({"a": {"b": 1}}), json!({"a": "flat"})), json!({"a": "flat"}));
        assert_eq!(merged(json!({"a": "flat"}), json!({"a": {"b": 1}})), json!({"a": {"b": 1}}));
        assert_eq!(merged(json!({"a": {"b": 1}}), json!({"a": null})), json!({"a": null}));
        assert_eq!(merged(json!({"a": true}), json!({"a": false})), json!({"a": false}));
    }

    #[test]
    fn an_empty_object_on_the_right_changes_nothing() {
        let left = json!({"a": {"b": [1]}, "c": 2});
        assert_eq!(merged(left.clone(), json!({"a": {}})), left);
        assert_eq!(merged(left.clone(), json!({})), left);
    }

    #[test]
    fn existing_keys_keep_their_place_and_new_keys_follow_in_the_right_order() {
        let out =
            merged(json!({"z": 1, "m": {"y": 1, "x": 2}, "a": 3}), json!({"q": 0, "m": {"x": 9, "w": 8}, "b": 4}));
        assert_eq!(keys(&out), ["z", "m", "a", "q", "b"]);
        assert_eq!(keys(&out["m"]), ["y", "x", "w"]);
        assert_eq!(out["m"]["x"], 9);
        let text = serde_json::to_string(&out).unwrap();
        assert_eq!(text, r#"{"z":1,"m":{"y":1,"x":9,"w":8},"a":3,"q":0,"b":4}"#);
    }

    #[test]
    fn a_non_object_document_on_the_right_replaces_the_whole() {
        assert_eq!(merged(json!({"a": 1}), json!([1])), json!([1]));
    }
}
