use crate::cli::{ConfigCmd, ConfigFile};
use crate::config_edit;
use crate::home::Home;
use anyhow::Result;
use std::path::PathBuf;

fn path(home: &Home, f: ConfigFile) -> PathBuf {
    match f {
        ConfigFile::Client => home.client_toml(),
        ConfigFile::App => home.app_toml(),
        ConfigFile::Config => home.config_toml(),
    }
}

pub fn run(c: ConfigCmd) -> Result<()> {
    match c {
        ConfigCmd::Set { file, key, value, skip_validate, home } => {
            let home = super::home(&home);
            let p = path(&home, file);
            let mut doc = config_edit::load(&p)?;
            config_edit::set_in(&mut doc, &p, &key, &value)?;
            if !skip_validate && file == ConfigFile::Config {
                config_edit::validate_config_toml(&p, &doc)?;
            }
            config_edit::save(&p, &doc)?;
            Ok(())
        }
        ConfigCmd::Get { file, key, home } => {
            let home = super::home(&home);
            println!("{}", config_edit::get(&path(&home, file), &key)?);
            Ok(())
        }
    }
}
