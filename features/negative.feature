Feature: Negative ceremonies: a mistake between hosts is refused where it first can be
  Each scenario brings 4 hosts (process backend) up to the point of the mistake and makes it
  the way a validator or an operator would: a validator's file is made on its own host with its
  own key and travels through the operator like any other. The evidence is which host's stage
  refuses, its exit code, its one-line message, and that every host's KEYRING_HOME and
  TMKMS_HOME is byte-identical to before the mistake.

  Scenario Outline: A gentx that <mistake> is refused by the coordinator's start
    Given 4 validator hosts that have run the runbook up to collecting the gentxs
    When val-2 sends the coordinator a gentx that <mistake>
    Then val-0's start refuses with exit code <code> and a one-line message with "<words>"
    And every host's keyring and tmkms home is byte-identical to before the mistake

    Examples:
      | mistake                                                   | code | words                                        |
      | was signed for another chain id                           | 3    | signature does not verify for chain id       |
      | is a copy of val-1's                                      | 3    | duplicate gentx: same consensus key as       |
      | comes from an account the intermediate genesis lacks      | 3    | is not in the genesis                        |
      | names val-3's consensus key instead of its own tmkms's    | 3    | is not validators/val-2/val_pubkey.json      |

  Scenario: An intermediate genesis changed by one byte in transit is refused by the validator's gentx
    Given 4 validator hosts that have run the runbook up to distributing the intermediate genesis
    When one byte of the intermediate genesis val-2 received changes on its disk
    Then val-2's gentx refuses with exit code 3 and a one-line message with "intermediate_genesis.json: checksum mismatch"
    And every host's keyring and tmkms home is byte-identical to before the mistake

  Scenario: A final genesis changed by one byte in transit is refused by the validator's start
    Given 4 validator hosts whose coordinator has started and published the final genesis
    When one byte of the final genesis val-2 received changes on its disk
    Then val-2's start refuses with exit code 3 and a one-line message with "final_genesis.json: checksum mismatch"
    And every host's keyring and tmkms home is byte-identical to before the mistake

  Scenario Outline: A genesis altered in transit with its checksum line rewritten is refused for its content
    Given 4 validator hosts <where>
    When someone in transit <change> the <which> genesis val-2 received and rewrites its checksum line
    Then val-2's <stage> refuses with exit code 3 and a one-line message with "<words>"
    And every host's keyring and tmkms home is byte-identical to before the mistake

    Examples:
      | where                                                                | change                            | which        | stage | words                                     |
      | that have run the runbook up to distributing the intermediate genesis | changes the chain id of           | intermediate | gentx | chain id is gonka-tampered-1, CHAIN_ID is |
      | whose coordinator has started and published the final genesis        | raises val-1's self-delegation in | final        | start | signature does not verify                 |
      | whose coordinator has started and published the final genesis        | takes val-2's own gentx out of    | final        | start | does not contain this validator's key     |

  Scenario Outline: A private file offered to the operator as <offered> is refused and the refusal is in the ledger
    Given 4 validator hosts that have run the runbook up to collecting the gentxs
    When val-1 offers its <private file> to the operator as <offered>
    Then the operator refuses it with "<words>" and records the refusal in its ledger
    And nothing of it reached the coordinator

    Examples:
      | private file                | offered                                  | words                                  |
      | keyring entry val-1.info    | validators/val-1/val-1.info              | not one of the spec's public artifacts |
      | tmkms consensus.key         | a symlink at gentxs/val-1.json           | resolves into a private home           |
      | node key node_key.json      | validators/val-1/node_key.json           | not one of the spec's public artifacts |
      | node key node_key.json      | ../keyring/node_key.json                 | not a plain relative path              |

  Scenario: With fewer than 2/3 of the voting power started no block is made, and the check names who is missing
    Given 4 validator hosts that have run the runbook up to collecting the gentxs
    When the coordinator and val-1 start, and val-2 and val-3 do not
    Then no node has a block 10 seconds after genesis_time
    And the blocks check fails naming val-2 and val-3 as not answering

  Scenario: A peers file that leaves out one validator fails the peers check, which names it
    Given 4 validator hosts that have run the runbook up to collecting the gentxs
    When the coordinator starts and its peers file leaves out val-3 before the operator carries it
    And every validator runs start
    Then every node reaches height 3 with the same block hashes
    And the peers check fails naming val-3 as missing from the persistent_peers of val-1 and val-2

  Scenario: Two hosts given the same KEY_NAME: the operator refuses the second host's files
    Given 4 validator hosts with empty directories where the host of val-2 is also named val-1
    When every host runs keygen
    Then the operator refuses to carry the second val-1's address to the coordinator, naming the shared name
    And the coordinator holds only the first val-1's address

  Scenario: Two validators given the same GENESIS_INDEX are refused by the coordinator
    Given 4 validator hosts with empty directories where val-2 is also given GENESIS_INDEX 1
    When every host runs keygen
    And the operator carries every address and validator file to the coordinator
    Then val-0's intermediate_genesis refuses with exit code 3 and a one-line message with "GENESIS_INDEX 1 is also validator val-1's"

  Scenario: Two hosts holding one consensus key are refused by the coordinator before any gentx
    Given 4 validator hosts with empty directories where val-2's tmkms holds a copy of val-1's consensus key
    When every host runs keygen
    And the operator carries every address and validator file to the coordinator
    Then val-0's intermediate_genesis refuses with exit code 3 and a one-line message with "consensus key is also validator val-1's"
