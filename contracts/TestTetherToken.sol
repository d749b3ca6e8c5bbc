// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title TestTetherToken
/// @notice Devnet-only token that behaves like mainnet USDT (TetherToken): `transfer`, `transferFrom` and
///         `approve` return nothing, and `approve` only moves an allowance from or to zero. Code written for
///         well-behaved ERC-20s (expecting a `bool`) breaks on it the way it would on mainnet.
contract TestTetherToken {
    string public name;
    string public symbol;
    uint8 public immutable decimals;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    /// @notice Like USDT's (and USDC's) blacklist: a listed address can neither send nor receive. Anyone may list on a
    ///         devnet; tests use it to make one transfer of a batch revert on chain.
    mapping(address => bool) public isBlackListed;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        address[] memory recipients,
        uint256 amountEach
    ) {
        name = name_;
        symbol = symbol_;
        decimals = decimals_;
        for (uint256 i = 0; i < recipients.length; i++) {
            _mint(recipients[i], amountEach);
        }
    }

    /// @notice No return value, like USDT.
    function transfer(address to, uint256 value) external {
        _transfer(msg.sender, to, value);
    }

    /// @notice No return value, like USDT.
    function transferFrom(address from, address to, uint256 value) external {
        uint256 allowed = allowance[from][msg.sender];
        require(allowed >= value, "allowance");
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - value;
        _transfer(from, to, value);
    }

    /// @notice No return value; like USDT, a non-zero allowance must be set to zero before it can change.
    function approve(address spender, uint256 value) external {
        require(value == 0 || allowance[msg.sender][spender] == 0, "approve from zero");
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
    }

    /// @notice Anyone may mint: this token only exists on local devnets.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function addBlackList(address account) external {
        isBlackListed[account] = true;
    }

    function removeBlackList(address account) external {
        isBlackListed[account] = false;
    }

    function _transfer(address from, address to, uint256 value) private {
        require(to != address(0), "to zero");
        require(!isBlackListed[from] && !isBlackListed[to], "blacklisted");
        uint256 balance = balanceOf[from];
        require(balance >= value, "balance");
        unchecked {
            balanceOf[from] = balance - value;
        }
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }

    function _mint(address to, uint256 amount) private {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }
}
