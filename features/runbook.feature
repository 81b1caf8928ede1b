Feature: The local runbook of a multi-validator genesis
  Every validator is its own host with its own keys, tmkms and node. Hosts share nothing but
  the public artifacts an operator carries between them, exactly as in production.

  Scenario Outline: <n> validators bring up a chain, moving only public files by hand
    Given <n> validator hosts with empty directories, each running its own tmkms
    When every host runs keygen
    And the operator carries every address and validator file to the coordinator
    And the coordinator runs intermediate_genesis
    And the operator carries the intermediate genesis to every validator
    And every host runs gentx
    And the operator carries every gentx and genparticipant file to the coordinator
    And the coordinator runs start
    And the operator carries the final genesis and the peers file to every validator
    And every validator runs start
    Then every node reaches height 3 with the same block hashes
    And every validator is a participant with its public URL, its warm key holds the grants, and no block predates genesis_time
    And every file that crossed between hosts is a public artifact in the operator's ledger
    When host val-1 restarts its node with GENESIS_RUN_STAGE=restart
    Then every node reaches height 6 with the same block hashes

    Examples:
      | n |
      | 3 |
      | 4 |
      | 5 |
