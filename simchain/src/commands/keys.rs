use crate::cli::{KeysCmd, Output};
use anyhow::{bail, Result};
use cosmos_formats::hd::AccountKey;
use serde_json::json;
use simchain::keyring::{Input, KeyInfo};
use simchain::CHAIN;

fn bech(info: &KeyInfo, prefix: &str, which: &str) -> Result<String> {
    let hrp = match which {
        "acc" => prefix.to_string(),
        "val" => format!("{prefix}valoper"),
        "cons" => format!("{prefix}valcons"),
        other => bail!("invalid --bech {other:?}: expected acc, val or cons"),
    };
    Ok(info.address.to_bech32(&hrp)?)
}

fn record_json(info: &KeyInfo, prefix: &str) -> Result<serde_json::Value> {
    Ok(json!({
        "name": info.name,
        "type": "local",
        "address": bech(info, prefix, "acc")?,
        "pubkey": info.pubkey.to_json().to_string(),
    }))
}

fn record_text(info: &KeyInfo, prefix: &str) -> Result<String> {
    Ok(format!(
        "- address: {}\n  name: {}\n  pubkey: '{}'\n  type: local\n",
        bech(info, prefix, "acc")?,
        info.name,
        info.pubkey.to_json()
    ))
}

pub fn run(k: KeysCmd, prefix: &str) -> Result<()> {
    let mut input = Input::stdin();
    match k {
        KeysCmd::Add { name, recover, output, keyring, home } => {
            let home = super::home(&home);
            let mut kr = super::open_keyring(&keyring, &home, &mut input)?;
            simchain::keyring::validate_name(&name)?;
            if kr.exists(&name) {
                bail!("key {name:?} already exists in the keyring (refusing to overwrite it)");
            }
            let (mnemonic, key) = if recover {
                eprintln!("> Enter your bip39 mnemonic");
                drop(kr);
                let words = input.line("a bip39 mnemonic")?;
                let key = AccountKey::from_mnemonic(&words, &CHAIN.hd_path)?;
                kr = super::open_keyring(&keyring, &home, &mut input)?;
                (None, key)
            } else {
                let (words, key) = AccountKey::generate(&CHAIN.hd_path)?;
                (Some(words), key)
            };
            let info = kr.add(&name, &key)?;
            match output {
                Output::Json => {
                    let mut v = record_json(&info, prefix)?;
                    if let Some(m) = &mnemonic {
                        v["mnemonic"] = json!(m.as_str());
                    }
                    println!("{v}");
                }
                Output::Text => {
                    print!("{}", record_text(&info, prefix)?);
                    if let Some(m) = &mnemonic {
                        eprintln!("\n**Important** write this mnemonic phrase in a safe place.\nIt is the only way to recover your account if you ever forget your password.\n\n{}", m.as_str());
                    }
                }
            }
        }
        KeysCmd::Show { name, address, bech: which, output, keyring, home } => {
            let home = super::home(&home);
            let mut kr = super::open_keyring(&keyring, &home, &mut input)?;
            let info = kr.info(&name)?;
            if address {
                println!("{}", bech(&info, prefix, &which)?);
            } else if output == Output::Json {
                println!("{}", record_json(&info, prefix)?);
            } else {
                print!("{}", record_text(&info, prefix)?);
            }
        }
        KeysCmd::List { output, keyring, home } => {
            let home = super::home(&home);
            let mut kr = super::open_keyring(&keyring, &home, &mut input)?;
            let all = kr.list()?;
            if output == Output::Json {
                let v: Vec<_> = all.iter().map(|i| record_json(i, prefix)).collect::<Result<_>>()?;
                println!("{}", serde_json::Value::Array(v));
            } else if all.is_empty() {
                println!("No records were found in keyring");
            } else {
                for i in &all {
                    print!("{}", record_text(i, prefix)?);
                }
            }
        }
    }
    Ok(())
}
