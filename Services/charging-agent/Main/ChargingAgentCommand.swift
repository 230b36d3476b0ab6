@main struct ChargingAgentMain { static func main() {} }
