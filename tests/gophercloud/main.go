// A gophercloud client, as Go tools such as terraform-provider-openstack build one: options
// from the OS_* environment (gophercloud/utils clientconfig), the identity service from the
// catalog, then one API call. Prints the projects of the token's user as JSON.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/gophercloud/utils/openstack/clientconfig"
)

func main() {
	client, err := clientconfig.NewServiceClient("identity", &clientconfig.ClientOpts{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "authenticating:", err)
		os.Exit(1)
	}
	var projects map[string]interface{}
	_, err = client.Get(client.ServiceURL("auth", "projects"), &projects, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "listing projects:", err)
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(projects)
}
