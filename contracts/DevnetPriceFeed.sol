// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title DevnetPriceFeed
/// @notice Devnet-only Chainlink-style price feed (AggregatorV3Interface) whose price anyone may set.
/// @dev Never deploy outside a local devnet: there is no owner on purpose, so tests and demos can move the price.
contract DevnetPriceFeed {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    uint8 public immutable decimals;
    string public description;
    uint256 public constant version = 4;
    uint80 public latestRound;
    mapping(uint80 => Round) private _rounds;

    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    constructor(uint8 decimals_, string memory description_, int256 initialAnswer) {
        decimals = decimals_;
        description = description_;
        _record(initialAnswer, block.timestamp);
    }

    /// @notice Start a new round with this answer, updated now.
    function setAnswer(int256 answer) external {
        _record(answer, block.timestamp);
    }

    /// @notice Start a new round with this answer and an explicit update time (to simulate a stale feed).
    function setRoundData(int256 answer, uint256 updatedAt) external {
        _record(answer, updatedAt);
    }

    function latestAnswer() external view returns (int256) {
        return _rounds[latestRound].answer;
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(latestRound);
    }

    function getRoundData(uint80 roundId)
        public
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _rounds[roundId];
        require(roundId != 0 && roundId <= latestRound, "No data present");
        return (roundId, r.answer, r.startedAt, r.updatedAt, roundId);
    }

    function _record(int256 answer, uint256 updatedAt) private {
        latestRound += 1;
        _rounds[latestRound] = Round(answer, updatedAt, updatedAt);
        emit AnswerUpdated(answer, latestRound, updatedAt);
    }
}
