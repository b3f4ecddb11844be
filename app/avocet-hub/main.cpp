// avocet-hub: the trust-side FHIR R4 service. Everything lives in libavocet_hub; see docs/hub.md.
#include "server/HubMain.h"

int main(int argc, char** argv)
{
    return avocet::hub::runHubCommand(argc, argv);
}
