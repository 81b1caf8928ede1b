#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| ceremony_fuzz::Target::AccountsFile.run(data));
